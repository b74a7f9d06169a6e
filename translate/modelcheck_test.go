package translate

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mpgo/mpgo/internal/corpus"
	"github.com/mpgo/mpgo/modelcheck"
)

// TestModelCheckTranslations model-checks the translation of every corpus algorithm (made
// from the module with its translation removed) with the corpus model, and compares the
// result, the number of distinct states and the depth with TLC's breadth-first numbers.
// Temporal properties are checked too (the liveness part of mpgo check).
func TestModelCheckTranslations(t *testing.T) {
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
			dir := t.TempDir()
			spec := filepath.Join(dir, c.Name+".tla")
			cfg := filepath.Join(dir, c.Name+".cfg")
			if err := os.WriteFile(spec, []byte(input), 0o644); err != nil {
				t.Fatal(err)
			}
			cfgData, err := os.ReadFile(c.Config)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cfg, cfgData, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := File(spec, Options{}); err != nil {
				t.Fatalf("translate: %v", err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			res, err := modelcheck.Check(ctx, modelcheck.Options{Spec: spec, Config: cfg, Workers: 1, ProgressInterval: -1})
			want := c.Expected.BreadthFirst()
			if err != nil && want.Result == modelcheck.ResultSuccess {
				t.Fatalf("check: %v", err)
			}
			if res.Result != want.Result {
				t.Fatalf("result %q (%s), want %q", res.Result, res.Error, want.Result)
			}
			if res.DistinctStates != want.DistinctStates && (want.Result == modelcheck.ResultSuccess || want.Result == modelcheck.ResultProperty) {
				// A temporal violation is found after the whole state graph is built, so its
				// counts are exact too; safety violations stop the search early.
				t.Errorf("distinct states %d, want %d", res.DistinctStates, want.DistinctStates)
			}
			if want.Result != modelcheck.ResultSuccess {
				if res.Violated != want.Violated || (want.Result != modelcheck.ResultProperty && res.TraceLength != want.TraceLength) {
					t.Errorf("violated %q with trace %d, want %q with trace %d",
						res.Violated, res.TraceLength, want.Violated, want.TraceLength)
				}
				return
			}
			if res.DistinctStates != want.DistinctStates || res.StateDepth != want.StateDepth {
				t.Errorf("distinct states %d, depth %d; want %d, %d",
					res.DistinctStates, res.StateDepth, want.DistinctStates, want.StateDepth)
			}
		})
	}
}
