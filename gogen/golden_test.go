package gogen

import (
	"bytes"
	"flag"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated packages under internal/gentest")

// testSpecs lists testdata/*.tla: each is compiled into internal/gentest/<name>/<name>.go,
// beside a hand-written test that runs it.
func testSpecs(t testing.TB) []string {
	specs, err := filepath.Glob("testdata/*.tla")
	if err != nil || len(specs) == 0 {
		t.Fatalf("no test specs: %v", err)
	}
	return specs
}

func specName(path string) string { return strings.TrimSuffix(filepath.Base(path), ".tla") }

// TestGeneratedPackages regenerates every test package and fails if the committed file
// differs (go test ./gogen -update rewrites them). The committed files are also the golden
// files of the generated shape: review diffs by reading them.
func TestGeneratedPackages(t *testing.T) {
	for _, spec := range testSpecs(t) {
		name := specName(spec)
		t.Run(name, func(t *testing.T) {
			got, err := GenerateFile(spec, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join("internal", "gentest", name, name+".go")
			if *update {
				if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := WriteFile(out, got); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(out)
			if err != nil {
				t.Fatalf("%v (run go test ./gogen -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s is out of date (run go test ./gogen -update and review the diff)", out)
			}
		})
	}
}

// TestDeterministicAndFormatted: compiling twice gives the same bytes, which gofmt leaves
// unchanged (the test specs and lang/check's valid MPCal specs).
func TestDeterministicAndFormatted(t *testing.T) {
	specs := testSpecs(t)
	more, _ := filepath.Glob(filepath.Join("..", "lang", "check", "testdata", "valid", "*.tla"))
	for _, spec := range append(specs, more...) {
		a, err := GenerateFile(spec, nil, Options{})
		if err != nil {
			if strings.Contains(err.Error(), "plain PlusCal") {
				continue
			}
			t.Fatal(err)
		}
		b, err := GenerateFile(spec, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two compilations differ", spec)
		}
		f, err := format.Source(a)
		if err != nil || !bytes.Equal(f, a) {
			t.Errorf("%s: output is not gofmt-clean (%v)", spec, err)
		}
	}
}
