package pcalgen

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mpgo/mpgo/modelcheck"
)

// specCase is one spec of testdata/ compiled with File and model-checked with its .cfg.
type specCase struct {
	name     string
	result   string // expected modelcheck result
	distinct int64  // pinned number of distinct states (0: not checked)
	violated string // the invariant expected to fail, if any
}

// specCases lists the specs of testdata/ with what model checking their translation must
// give. Each spec's invariants (defined after the translation) or assertions would catch
// a wrong translation of the rules it exercises.
var specCases = []specCase{
	{name: "Mini", result: modelcheck.ResultSuccess, distinct: 5},
	{name: "Parallel", result: modelcheck.ResultSuccess, distinct: 57},
	{name: "Queue", result: modelcheck.ResultSuccess, distinct: 14},
	{name: "Procs", result: modelcheck.ResultSuccess, distinct: 160},
	{name: "Locals", result: modelcheck.ResultSuccess, distinct: 32},
	{name: "NoExtends", result: modelcheck.ResultSuccess, distinct: 3},
	{name: "Flatten", result: modelcheck.ResultSuccess, distinct: 144},
	{name: "Repeated", result: modelcheck.ResultSuccess, distinct: 8},
	{name: "RefLocal", result: modelcheck.ResultSuccess, distinct: 900},
}

// compileCopy copies testdata/name.tla and .cfg into a temporary directory, compiles the
// spec in place and returns the paths.
func compileCopy(t *testing.T, name string, opts Options) (spec, cfg string) {
	t.Helper()
	dir := t.TempDir()
	for _, ext := range []string{".tla", ".cfg"} {
		data, err := os.ReadFile(filepath.Join("testdata", name+ext))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+ext), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	spec, cfg = filepath.Join(dir, name+".tla"), filepath.Join(dir, name+".cfg")
	if err := File(spec, opts); err != nil {
		t.Fatalf("pcalgen: %v", err)
	}
	return spec, cfg
}

func TestSpecs(t *testing.T) {
	for _, c := range specCases {
		t.Run(c.name, func(t *testing.T) {
			spec, cfg := compileCopy(t, c.name, Options{})
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			var out bytes.Buffer
			res, err := modelcheck.Check(ctx, modelcheck.Options{Spec: spec, Config: cfg, Workers: 1, ProgressInterval: -1, Out: &out})
			if err != nil && c.result == modelcheck.ResultSuccess {
				t.Fatalf("model check: %v\n%s", err, out.String())
			}
			if res.Result != c.result {
				t.Fatalf("result %q (%s), want %q\n%s", res.Result, res.Error, c.result, tail(out.String()))
			}
			if c.violated != "" && res.Violated != c.violated {
				t.Errorf("violated %q, want %q", res.Violated, c.violated)
			}
			t.Logf("%s: %s, %d distinct states, depth %d", c.name, res.Result, res.DistinctStates, res.StateDepth)
			if c.distinct != 0 && res.DistinctStates != c.distinct {
				t.Errorf("distinct states %d, want %d", res.DistinctStates, c.distinct)
			}
		})
	}
}

func tail(s string) string {
	lines := strings.Split(s, "\n")
	if len(lines) > 60 {
		lines = lines[len(lines)-60:]
	}
	return strings.Join(lines, "\n")
}
