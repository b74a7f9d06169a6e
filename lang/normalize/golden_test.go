package normalize_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/normalize"
	"github.com/mpgo/mpgo/lang/printer"
	"github.com/mpgo/mpgo/lang/token"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

// pipeline checks a spec and runs the three passes; combine selects EXCEPT merging.
func pipeline(t *testing.T, path string, combine bool) (*check.Spec, *check.Result, *ast.Algorithm, *ast.Algorithm, *ast.Algorithm) {
	t.Helper()
	fset := token.NewFileSet()
	spec, errs := check.LoadFile(fset, path, nil)
	if len(errs) > 0 {
		t.Fatalf("%v", errs)
	}
	res, errs := check.Check(fset, spec, check.Config{})
	if len(errs) > 0 {
		t.Fatalf("%v", errs)
	}
	flat, err := normalize.Flatten(res.Expanded)
	if err != nil {
		t.Fatal(err)
	}
	opts := normalize.ParallelOptions{}
	if combine {
		opts.Combine = func(root ast.Expr) bool {
			id, ok := root.(*ast.Ident)
			return ok && id.Name != "f" // f stands for a mapped variable
		}
	}
	out := normalize.DesugarParallel(flat, res.Names, opts)
	return spec, res, res.Expanded, flat, out
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// TestGolden prints each stage of the pipeline for the specs of testdata and compares it
// with the .golden files (reviewed by reading; regenerate with -update).
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name    string
		stage   string // expanded, flat or out
		combine bool
	}{
		{"flatten", "flat", false},
		{"expand", "expanded", false},
		{"parallel", "out", false},
		{"parallel", "out", true},
	} {
		golden := tc.name + "." + tc.stage
		if tc.combine {
			golden += ".combined"
		}
		t.Run(golden, func(t *testing.T) {
			spec, _, exp, flat, out := pipeline(t, filepath.Join("testdata", tc.name+".tla"), tc.combine)
			alg := map[string]*ast.Algorithm{"expanded": exp, "flat": flat, "out": out}[tc.stage]
			goldenFile(t, golden+".golden", printer.Algorithm(alg)+"\n")
			// the normalized algorithm is valid MPCal: it passes the checks again and every
			// name resolves
			fset := token.NewFileSet()
			reparsed, err := reparse(fset, spec, out)
			if err != nil {
				t.Fatalf("normalized output does not parse: %v\n%s", err, printer.Algorithm(out))
			}
			if _, errs := check.Check(fset, reparsed, check.Config{}); len(errs) > 0 {
				t.Errorf("normalized output does not check: %v\n%s", errs, printer.Algorithm(out))
			}
			if _, errs := check.Resolve(token.NewFileSet(), spec, out); len(errs) > 0 {
				t.Errorf("normalized output does not resolve: %v", errs)
			}
		})
	}
}

func goldenFile(t *testing.T, name, got string) { golden(t, name, got) }

// reparse prints alg inside a copy of the spec's module and parses it again.
func reparse(fset *token.FileSet, spec *check.Spec, alg *ast.Algorithm) (*check.Spec, error) {
	var b strings.Builder
	b.WriteString("---- MODULE M ----\n")
	if spec.Module != nil {
		for i, e := range spec.Module.Extends {
			if i == 0 {
				b.WriteString("EXTENDS ")
			} else {
				b.WriteString(", ")
			}
			b.WriteString(e.Name)
		}
		b.WriteString("\n")
		for _, u := range spec.Module.Units {
			b.WriteString(printer.String(u) + "\n")
		}
	}
	b.WriteString("(* " + printer.Algorithm(alg) + "\n*)\n\\* BEGIN TRANSLATION\n====\n")
	return loadSrc(fset, b.String())
}

func loadSrc(fset *token.FileSet, src string) (*check.Spec, error) {
	spec, errs := check.LoadFile(fset, "m.tla", []byte(src))
	if len(errs) > 0 {
		return spec, errs
	}
	return spec, nil
}
