package translate

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mpgo/mpgo/internal/corpus"
	"github.com/mpgo/mpgo/lang/parser"
	"github.com/mpgo/mpgo/lang/token"
	"github.com/mpgo/mpgo/modelcheck"
)

// TestIdempotent: translating an already translated module gives the same module, and so
// does translating the result again.
func TestIdempotent(t *testing.T) {
	for _, gf := range goldenFiles(t) {
		data, err := os.ReadFile(gf.path)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Source(gf.path, data, Options{})
		if err != nil {
			t.Errorf("%s: %v", gf.name, err)
			continue
		}
		if !bytes.Equal(res.Text, data) {
			t.Errorf("%s: translating the translated module changed it:\n%s", gf.name, lineDiff(string(data), string(res.Text)))
			continue
		}
		again, err := Source(gf.path, res.Text, Options{})
		if err != nil || !bytes.Equal(again.Text, res.Text) {
			t.Errorf("%s: second translation differs (%v)", gf.name, err)
		}
	}
}

// TestMessages: "Labels added." and "Warning: symbols were renamed." are reported when the
// standard translator printed them (pcal.out).
func TestMessages(t *testing.T) {
	for _, gf := range goldenFiles(t) {
		out, err := os.ReadFile(filepath.Join(filepath.Dir(gf.path), "pcal.out"))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(gf.path)
		input, _ := stripTranslation(string(data))
		res, err := Source(gf.path, []byte(input), Options{})
		if err != nil {
			t.Errorf("%s: %v", gf.name, err)
			continue
		}
		var want []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if !strings.HasPrefix(l, "pcal.trans Version") {
				want = append(want, strings.TrimSpace(l))
			}
		}
		got := res.Messages(filepath.Base(gf.path))
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: messages %q, want %q", gf.name, got, want)
		}
	}
}

// TestFileUntouchedOnError: a rejected module is left as it was, and no temporary file
// remains.
func TestFileUntouchedOnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.tla")
	src := "---- MODULE bad ----\n(* --algorithm bad { variables x = 0; { a: y := 1; } } *)\n====\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := File(path, Options{})
	var list token.ErrorList
	if !errors.As(err, &list) || len(list) != 1 || list[0].Pos.Line != 2 || list[0].Pos.Column != 44 {
		t.Fatalf("error %v, want one at 2:44", err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != src {
		t.Errorf("file changed")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the module", len(entries))
	}
}

// TestWithoutSource translates every corpus algorithm as pcalgen will hand it over: a
// syntax tree without source text, whose expressions are printed with lang/printer. The
// text differs from the standard translator's in spacing, so the result is model-checked:
// it must give TLC's numbers.
func TestWithoutSource(t *testing.T) {
	if testing.Short() {
		t.Skip("model checking skipped in -short mode")
	}
	cases, err := corpus.Cases("pluscal")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			data, err := os.ReadFile(c.Spec)
			if err != nil {
				t.Fatal(err)
			}
			input, _ := stripTranslation(string(data))
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, c.Spec, []byte(input), parser.PlusCalOnly|parser.SkipModule)
			if err != nil {
				t.Fatal(err)
			}
			opts, _ := moduleOptions([]byte(input), Options{})
			res, err := Algorithm(fset, f.Algorithm, nil, opts)
			if err != nil {
				t.Fatalf("translate: %v", err)
			}
			text, err := place(c.Spec, []byte(input), f, res)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			spec := filepath.Join(dir, c.Name+".tla")
			cfg := filepath.Join(dir, c.Name+".cfg")
			cfgData, _ := os.ReadFile(c.Config)
			if err := os.WriteFile(spec, text, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cfg, cfgData, 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			mc, err := modelcheck.Check(ctx, modelcheck.Options{Spec: spec, Config: cfg, Workers: 1, ProgressInterval: -1})
			want := c.Expected.BreadthFirst()
			if err != nil && want.Result == modelcheck.ResultSuccess {
				t.Fatalf("check: %v\n%s", err, res.Translation())
			}
			if mc.Result != want.Result {
				t.Fatalf("result %q (%s), want %q", mc.Result, mc.Error, want.Result)
			}
			if (want.Result == modelcheck.ResultSuccess || want.Result == modelcheck.ResultProperty) &&
				(mc.DistinctStates != want.DistinctStates || mc.StateDepth != want.StateDepth) {
				t.Errorf("distinct states %d, depth %d; want %d, %d", mc.DistinctStates, mc.StateDepth, want.DistinctStates, want.StateDepth)
			}
		})
	}
}
