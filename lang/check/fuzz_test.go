package check_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/normalize"
	"github.com/mpgo/mpgo/lang/token"
)

// FuzzCheck parses and checks arbitrary input, then normalizes what checks clean: nothing
// may panic (mpcal.md §4.7). Seeds: the shared corpus, the error and valid specs here, the
// normalize test specs and the benchmark generator's building blocks.
func FuzzCheck(f *testing.F) {
	var seeds []string
	if specs, err := corpus.AllSpecs(); err == nil {
		seeds = append(seeds, specs...)
	}
	for _, pat := range []string{"testdata/errors/*.tla", "testdata/valid/*.tla", "../normalize/testdata/*.tla"} {
		m, _ := filepath.Glob(pat)
		seeds = append(seeds, m...)
	}
	for _, path := range seeds {
		if src, err := os.ReadFile(path); err == nil {
			f.Add(string(src))
		}
	}
	f.Add(bigSpec(3))
	f.Fuzz(func(t *testing.T, src string) {
		fuzzOne(t, src)
	})
}

func fuzzOne(t *testing.T, src string) {
	for _, cfg := range []check.Config{{}, {NoMultipleWrites: true, PCalGen: true}} {
		fset := token.NewFileSet()
		spec, errs := check.LoadFile(fset, "fuzz.tla", []byte(src))
		if spec == nil {
			continue
		}
		res, more := check.Check(fset, spec, cfg)
		errs = append(errs, more...)
		for _, e := range errs {
			if strings.Contains(e.Msg, "internal checker error") {
				t.Fatalf("checker panicked: %v", e)
			}
		}
		if len(errs) > 0 || res.Expanded == nil {
			continue
		}
		flat, err := normalize.Flatten(res.Expanded)
		if err != nil {
			t.Fatalf("a checked algorithm does not flatten: %v", err)
		}
		for _, combine := range []bool{false, true} {
			opts := normalize.ParallelOptions{}
			if combine {
				opts.Combine = func(ast.Expr) bool { return true }
			}
			out := normalize.DesugarParallel(flat, res.Names, opts)
			if _, errs := check.Resolve(fset, spec, out); len(errs) > 0 {
				t.Fatalf("normalized algorithm does not resolve: %v", errs)
			}
			for _, b := range normalize.Bodies(out) {
				for _, s := range b.Sections {
					normalize.ChoicePoints(s)
				}
			}
		}
	}
}

// TestFuzzSeeds runs the fuzz body on the seeds as an ordinary test.
func TestFuzzSeeds(t *testing.T) {
	var seeds []string
	for _, pat := range []string{"testdata/errors/*.tla", "testdata/valid/*.tla", "../normalize/testdata/*.tla"} {
		m, _ := filepath.Glob(pat)
		seeds = append(seeds, m...)
	}
	for _, path := range seeds {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fuzzOne(t, string(src))
	}
}
