// Package specs holds the MPCal models of mpgo's systems (pbkvs, leader election, raftkv). Its tests
// model-check the CI configurations of tlc/, check that each mutant under mutants/ violates
// the invariant it was written to break, and that the translations inside the specs and the
// Go packages under gen/ are up to date.
package specs

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mpgo/mpgo/gogen"
	"github.com/mpgo/mpgo/modelcheck"
	"github.com/mpgo/mpgo/pcalgen"
)

// checkTimeout bounds one model-checking run; the CI configurations take seconds (pbkvs,
// leader election) to about a minute each (raftkv) on two cores.
const checkTimeout = 15 * time.Minute

// check model-checks spec (relative to the repository root) with cfg and two workers,
// invariants, deadlock and PROPERTIES (action and temporal) included. It returns the result
// and the end of the checker's output.
func check(t *testing.T, spec, cfg string) (*modelcheck.Result, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	var out bytes.Buffer
	start := time.Now()
	res, err := modelcheck.Check(ctx, modelcheck.Options{
		Spec:             filepath.Join("..", spec),
		Config:           filepath.Join("..", cfg),
		Workers:          2,
		Out:              &out,
		ProgressInterval: -1,
	})
	if err != nil && (res == nil || res.Result == modelcheck.ResultError || res.Result == "") {
		t.Fatalf("%s with %s: %v\n%s", spec, cfg, err, tail(out.String()))
	}
	t.Logf("%s with %s: %s %s, %d distinct states (%d generated), depth %d, %v",
		spec, cfg, res.Result, res.Violated, res.DistinctStates, res.TotalStates, res.StateDepth,
		time.Since(start).Round(10*time.Millisecond))
	return res, tail(out.String())
}

func tail(s string) string {
	lines := strings.Split(s, "\n")
	if len(lines) > 80 {
		lines = lines[len(lines)-80:]
	}
	return strings.Join(lines, "\n")
}

// TestModels checks the CI configurations: every invariant holds and no state deadlocks
// (each model stutters only once its run is complete, so a deadlock is a stuck protocol).
func TestModels(t *testing.T) {
	for _, m := range []struct{ spec, cfg string }{
		{"specs/leaderelection.tla", "tlc/leaderelection.cfg"},
		{"specs/pbkvs.tla", "tlc/pbkvs.cfg"},
		{"specs/pbkvs.tla", "tlc/pbkvs-crash2.cfg"},
	} {
		t.Run(strings.TrimSuffix(filepath.Base(m.cfg), ".cfg"), func(t *testing.T) {
			if testing.Short() && strings.HasPrefix(filepath.Base(m.spec), "pbkvs") {
				t.Skip("-short")
			}
			res, out := check(t, m.spec, m.cfg)
			if res.Result != modelcheck.ResultSuccess {
				t.Fatalf("%s: %s %s, want success\n%s", m.cfg, res.Result, res.Violated, out)
			}
		})
	}
}

// TestMutants checks that each mutant violates the property it was written to break: the
// properties of the real models are not vacuous.
func TestMutants(t *testing.T) {
	for _, m := range []struct {
		name     string
		result   string // modelcheck.ResultInvariant or modelcheck.ResultProperty
		violated string // the invariant (TLC names no temporal property)
	}{
		{"leaderelection_untagged_epochs", modelcheck.ResultInvariant, "OneLeaderPerEpoch"},
		{"leaderelection_not_lowest", modelcheck.ResultInvariant, "NoLiveReplicaPassedOver"},
		{"leaderelection_no_failover", modelcheck.ResultProperty, ""},
		{"pbkvs_answer_before_acks", modelcheck.ResultInvariant, "ConsistentWhenAnswering"},
		{"pbkvs_no_epoch_check", modelcheck.ResultInvariant, "ConsistentWhenAnswering"},
		{"pbkvs_no_sync", modelcheck.ResultInvariant, "ConsistentWhenAnswering"},
		{"pbkvs_no_retry", modelcheck.ResultProperty, ""},
	} {
		t.Run(m.name, func(t *testing.T) {
			res, out := check(t, "specs/mutants/"+m.name+".tla", "tlc/mutants/"+m.name+".cfg")
			if res.Result != m.result || (m.violated != "" && res.Violated != m.violated) {
				t.Fatalf("%s: %s %q, want %s %q\n%s", m.name, res.Result, res.Violated, m.result, m.violated, out)
			}
		})
	}
}

// TestTranslationsUpToDate recompiles every spec (pcalgen: MPCal to PlusCal to TLA+) and
// requires the result to equal the file: a spec edited without running scripts/gen.sh fails.
func TestTranslationsUpToDate(t *testing.T) {
	specs, err := filepath.Glob("*.tla")
	if err != nil {
		t.Fatal(err)
	}
	mutants, err := filepath.Glob("mutants/*.tla")
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) == 0 || len(mutants) == 0 {
		t.Fatalf("no specs found (%d specs, %d mutants)", len(specs), len(mutants))
	}
	for _, path := range append(specs, mutants...) {
		t.Run(path, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// Compile a copy in a temporary directory, as scripts/gen.sh would in place.
			tmp := filepath.Join(t.TempDir(), filepath.Base(path))
			if err := os.WriteFile(tmp, src, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := pcalgen.File(tmp, pcalgen.Options{}); err != nil {
				t.Fatalf("pcalgen: %v", err)
			}
			got, err := os.ReadFile(tmp)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, src) {
				t.Errorf("%s: translation out of date; run scripts/gen.sh", path)
			}
		})
	}
}

// TestGeneratedGoUpToDate recompiles each spec's archetypes (gogen) and requires the result
// to equal gen/<name>/<name>.go.
func TestGeneratedGoUpToDate(t *testing.T) {
	for _, name := range []string{"leaderelection", "pbkvs", "raftkv"} {
		t.Run(name, func(t *testing.T) {
			want, err := gogen.GenerateFile(name+".tla", nil, gogen.Options{Package: name})
			if err != nil {
				t.Fatalf("gogen: %v", err)
			}
			got, err := os.ReadFile(filepath.Join("..", "gen", name, name+".go"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("gen/%s/%s.go out of date; run scripts/gen.sh", name, name)
			}
		})
	}
}
