package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
	"github.com/mpgo/mpgo/lang/token"
)

// inErrorCorpus reports whether path is an input of pluscal-errors/.
func inErrorCorpus(path string) bool {
	return strings.Contains(filepath.ToSlash(path), "/pluscal-errors/")
}

func TestCorpusModulesParse(t *testing.T) {
	specs, err := corpus.AllSpecs()
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range specs {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		m, err := ParseModule(fset, path, src, 0)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if m == nil || m.Name == nil {
			t.Errorf("%s: no module", path)
		}
	}
}

func TestCorpusAlgorithmsParse(t *testing.T) {
	specs, err := corpus.AllSpecs()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range specs {
		if inErrorCorpus(path) {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := FindPlusCal(src); s < 0 {
			continue
		}
		n++
		fset := token.NewFileSet()
		f, err := ParseFile(fset, path, src, WithAlgorithm)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if f.Algorithm == nil {
			t.Errorf("%s: no algorithm", path)
		}
	}
	if n < 40 {
		t.Errorf("only %d algorithms", n)
	}
}

// syntaxErrorCases are the pluscal-errors/ inputs whose rejection is syntactic; each maps to
// the line the translator reports (and that the parser must report too). Every other case
// is semantic (labels, assignments, names) and must parse.
var syntaxErrorCases = map[string]int{
	"algorithm_token_in_comment": 4, // "--fair algorithm" in prose: Expected "begin" but found "the"
	"algorithm_token_in_string":  3, // the first --algorithm is in a string: unterminated string
	"c_syntax_missing_brace":     8, // Expected "}" but found "*"
	"empty_process":              5, // Empty statement list
	"mixed_syntax":               5, // Expected "{" but found "begin"
	"no_algorithm":               0, // no --algorithm at all (no line)
	"p_syntax_missing_end_if":    7, // Expected "if" but found "algorithm"
	"procedure_local_in":         5, // Expected ";" but found "\in"
}

func TestErrorCorpus(t *testing.T) {
	cases, err := corpus.ErrorCases()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, c := range cases {
		src, err := os.ReadFile(c.Spec)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		if _, err := ParseModule(fset, c.Spec, src, 0); err != nil {
			t.Errorf("%s: module must parse: %v", c.Name, err)
		}
		_, err = ParseAlgorithm(fset, c.Spec, src, PlusCalOnly)
		line, syntactic := syntaxErrorCases[c.Name]
		if !syntactic {
			if err != nil {
				t.Errorf("%s: semantic error case must parse, got %v", c.Name, err)
			}
			continue
		}
		seen++
		if err == nil {
			t.Errorf("%s: expected a syntax error (%s)", c.Name, c.Message)
			continue
		}
		list := err.(token.ErrorList)
		if got := list[0].Pos.Line; got != line {
			t.Errorf("%s: error at line %d, want %d (%s); got %v", c.Name, got, line, c.Message, err)
		}
		if line > 0 {
			want := fmt.Sprintf("line %d", line)
			if !strings.Contains(c.Message, want) {
				t.Errorf("%s: table line %d disagrees with expected.json %q", c.Name, line, c.Message)
			}
		}
	}
	if seen != len(syntaxErrorCases) {
		t.Errorf("saw %d syntax cases, want %d", seen, len(syntaxErrorCases))
	}
}

func TestErrorCorpusColumns(t *testing.T) {
	// exact positions where the translator reports line and column
	want := map[string]string{
		"algorithm_token_in_comment": "4:11",
		"c_syntax_missing_brace":     "8:3",
		"empty_process":              "5:19",
		"mixed_syntax":               "5:1",
		"p_syntax_missing_end_if":    "7:5",
		"procedure_local_in":         "5:28",
	}
	cases, err := corpus.ErrorCases()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		w, ok := want[c.Name]
		if !ok {
			continue
		}
		src, err := os.ReadFile(c.Spec)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ParseAlgorithm(token.NewFileSet(), c.Name+".tla", src, PlusCalOnly)
		if err == nil {
			t.Errorf("%s: no error", c.Name)
			continue
		}
		e := err.(token.ErrorList)[0]
		if got := fmt.Sprintf("%d:%d", e.Pos.Line, e.Pos.Column); got != w {
			t.Errorf("%s: error at %s, want %s: %v", c.Name, got, w, err)
		}
		if !strings.HasPrefix(err.Error(), c.Name+".tla:"+w+": ") {
			t.Errorf("%s: message %q not in file:line:col form", c.Name, err.Error())
		}
	}
}
