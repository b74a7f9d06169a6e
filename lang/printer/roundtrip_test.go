package printer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/parser"
	"github.com/mpgo/mpgo/lang/printer"
	"github.com/mpgo/mpgo/lang/token"
)

func TestCorpusRoundTrip(t *testing.T) {
	specs, err := corpus.AllSpecs()
	if err != nil {
		t.Fatal(err)
	}
	algs := 0
	for _, path := range specs {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		m, err := parser.ParseModule(fset, path, src, 0)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		out := printer.Module(m)
		m2, err := parser.ParseModule(fset, path+".printed", []byte(out), 0)
		if err != nil {
			t.Errorf("%s: reparse of printed module: %v\n%s", path, err, out)
			continue
		}
		if d := ast.Diff(m, m2); d != "" {
			t.Errorf("%s: %s", path, d)
			t.Errorf("%s: module changed by print+parse:\n%s", path, out)
		}
		if strings.Contains(filepath.ToSlash(path), "/pluscal-errors/") {
			continue
		}
		if s, _ := parser.FindPlusCal(src); s < 0 {
			continue
		}
		a, err := parser.ParseAlgorithm(fset, path, src, parser.PlusCalOnly)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		algs++
		text := printer.Algorithm(a)
		a2, err := parser.ParseAlgorithm(fset, path+".alg", []byte("(* "+text+" *)"), parser.PlusCalOnly)
		if err != nil {
			t.Errorf("%s: reparse of printed algorithm: %v\n%s", path, err, text)
			continue
		}
		if d := ast.Diff(a, a2); d != "" {
			t.Errorf("%s: %s", path, d)
			t.Errorf("%s: algorithm changed by print+parse:\n%s", path, text)
		}
	}
	if algs < 40 {
		t.Errorf("only %d algorithms round-tripped", algs)
	}
}
