package check_test

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/token"
)

// specConfig reads the "\* flags:" line of a test spec.
func specConfig(src string) check.Config {
	var cfg check.Config
	for _, l := range strings.Split(src, "\n") {
		if rest, ok := strings.CutPrefix(l, `\* flags:`); ok {
			for _, f := range strings.Fields(rest) {
				switch f {
				case "-no-multiple-writes":
					cfg.NoMultipleWrites = true
				case "pcalgen":
					cfg.PCalGen = true
				}
			}
		}
	}
	return cfg
}

// vet loads and checks a spec, returning every diagnostic.
func vet(t testing.TB, path string, src []byte, cfg check.Config) check.ErrorList {
	fset := token.NewFileSet()
	spec, errs := check.LoadFile(fset, path, src)
	if spec != nil {
		_, more := check.Check(fset, spec, cfg)
		errs = append(errs, more...)
	}
	errs.Sort()
	for _, e := range errs {
		if strings.Contains(e.Msg, "internal checker error") {
			t.Fatalf("%s: %v", path, e)
		}
	}
	return errs
}

// TestErrorSuite checks every spec of testdata/errors: the diagnostics must be exactly the
// "\* want: line:col Kind" lines written after the module's end.
func TestErrorSuite(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.tla")
	if err != nil || len(files) == 0 {
		t.Fatalf("no error specs: %v", err)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".tla"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			wanted := map[string]bool{}
			for _, l := range strings.Split(string(src), "\n") {
				if rest, ok := strings.CutPrefix(l, `\* want:`); ok {
					if w := strings.Join(strings.Fields(rest), " "); !wanted[w] {
						wanted[w] = true
						want = append(want, w)
					}
				}
			}
			if len(want) == 0 {
				t.Fatal("no want lines")
			}
			var got []string
			seen := map[string]bool{}
			for _, e := range vet(t, path, src, specConfig(string(src))) {
				// one macro body expanded at several calls reports at the same place
				if s := fmtErr(e); !seen[s] {
					seen[s] = true
					got = append(got, s)
				}
			}
			sort.Strings(want)
			sort.Strings(got)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s\nmessages:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"),
					vet(t, path, src, specConfig(string(src))).Error())
			}
		})
	}
}

func fmtErr(e *check.Error) string {
	return itoa(e.Position.Line) + ":" + itoa(e.Position.Column) + " " + string(e.Kind)
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestEveryKindHasACase makes sure the error suite covers every kind the checker reports
// (gogen's UnsupportedOperationError and pcalgen's ConsistencyCheckFailed belong to those
// tools).
func TestEveryKindHasACase(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.tla")
	seen := map[check.Kind]bool{}
	for _, path := range files {
		src, _ := os.ReadFile(path)
		for _, l := range strings.Split(string(src), "\n") {
			if rest, ok := strings.CutPrefix(l, `\* want:`); ok {
				if f := strings.Fields(rest); len(f) == 2 {
					seen[check.Kind(f[1])] = true
				}
			}
		}
	}
	for _, k := range check.Kinds() {
		if k == check.UnsupportedOperationError || k == check.ConsistencyCheckFailed {
			continue
		}
		if !seen[k] {
			t.Errorf("no error spec expects %s", k)
		}
	}
}

// TestValidSpecs checks that the specs of testdata/valid produce no diagnostics.
func TestValidSpecs(t *testing.T) {
	files, err := filepath.Glob("testdata/valid/*.tla")
	if err != nil || len(files) == 0 {
		t.Fatalf("no valid specs: %v", err)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".tla"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if errs := vet(t, path, src, specConfig(string(src))); len(errs) > 0 {
				t.Errorf("unexpected diagnostics:\n%v", errs)
			}
		})
	}
}

// TestCorpusPlusCal checks every PlusCal algorithm of the shared corpus (and the plain TLA+
// modules): none may produce a diagnostic.
func TestCorpusPlusCal(t *testing.T) {
	td, err := corpus.TestdataDir()
	if err != nil {
		t.Skip(err)
	}
	n := 0
	for _, group := range []string{"pluscal", "pluscal-translate", "tla", "perf"} {
		files, _ := filepath.Glob(filepath.Join(td, group, "*", "*.tla"))
		for _, path := range files {
			n++
			if errs := vet(t, path, nil, check.Config{}); len(errs) > 0 {
				t.Errorf("%s:\n%v", path, errs)
			}
		}
	}
	if n == 0 {
		t.Skip("no corpus")
	}
}

// TestMultipleWritesOnlyWithFlag: without -no-multiple-writes the same spec is clean (MPCal
// allows repeated writes; pcalgen rewrites them away, mpcal.md §1.4).
func TestMultipleWritesOnlyWithFlag(t *testing.T) {
	path := "testdata/errors/multiple_assignment.tla"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if errs := vet(t, path, src, check.Config{}); len(errs) > 0 {
		t.Errorf("flag off: %v", errs)
	}
}
