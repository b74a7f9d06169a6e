package specs

// Tests of the raftkv model (specs/raftkv.tla): its CI configurations pass, each mutant under
// mutants/raftkv_*.tla violates the property it was written to break (and the correct model
// passes the mutant's configuration), each mutant is the model with exactly its mutation, and
// the translation and the generated Go are up to date.

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

// raftCheckTimeout bounds one model-checking run (the CI configurations take about a minute
// and a half each on two cores).
const raftCheckTimeout = 15 * time.Minute

// raftCheck model-checks spec with cfg (both relative to the repository root) with two
// workers and returns the result and the end of the checker's output.
func raftCheck(t *testing.T, spec, cfg string) (*modelcheck.Result, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), raftCheckTimeout)
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
		t.Fatalf("%s with %s: %v\n%s", spec, cfg, err, raftTail(out.String()))
	}
	t.Logf("%s with %s: %s %s, %d distinct states (%d generated), depth %d, %v",
		spec, cfg, res.Result, res.Violated, res.DistinctStates, res.TotalStates, res.StateDepth,
		time.Since(start).Round(10*time.Millisecond))
	return res, raftTail(out.String())
}

func raftTail(s string) string {
	lines := strings.Split(s, "\n")
	if len(lines) > 60 {
		lines = lines[len(lines)-60:]
	}
	return strings.Join(lines, "\n")
}

// TestRaftModels checks the CI configurations of raftkv: every invariant and LeaderAppendOnly
// hold (tlc/raftkv-large.cfg is make check-long's).
func TestRaftModels(t *testing.T) {
	for _, cfg := range []string{"tlc/raftkv.cfg", "tlc/raftkv-clients.cfg"} {
		t.Run(strings.TrimSuffix(filepath.Base(cfg), ".cfg"), func(t *testing.T) {
			if testing.Short() {
				t.Skip("-short: about a minute and a half")
			}
			res, out := raftCheck(t, "specs/raftkv.tla", cfg)
			if res.Result != modelcheck.ResultSuccess {
				t.Fatalf("%s: %s %s, want success\n%s", cfg, res.Result, res.Violated, out)
			}
			if res.DistinctStates < 100000 {
				t.Errorf("%s: only %d distinct states: the model no longer explores what the configuration says", cfg, res.DistinctStates)
			}
		})
	}
}

// raftMutants are the mutants of raftkv: the text of specs/raftkv.tla they replace (exactly
// once), its replacement, and the invariant the mutant must violate.
var raftMutants = []struct {
	name, old, new, violated string
}{
	{
		name:     "raftkv_vote_no_log_check",
		old:      "LogUpToDate(lastTerm, lastIndex, l) ==\n    lastTerm > LastTerm(l) \\/ (lastTerm = LastTerm(l) /\\ lastIndex >= Len(l))",
		new:      "LogUpToDate(lastTerm, lastIndex, l) ==\n    TRUE",
		violated: "LeaderCompleteness",
	},
	{
		name:     "raftkv_commit_old_term",
		old:      "l[i].term = t /\\ IsQuorum(",
		new:      "IsQuorum(",
		violated: "LeaderCompleteness",
	},
	{
		name:     "raftkv_truncate_plog_only",
		old:      "log[srv] := SubSeq(log[srv], 1, Len(log[srv]) - popCnt) \\o newEntries;",
		new:      "log[srv] := log[srv] \\o newEntries;",
		violated: "PersistentMatchesVolatile",
	},
	{
		name:     "raftkv_quorum_geq",
		old:      "IsQuorum(S) == Cardinality(S) * 2 > NumServers",
		new:      "IsQuorum(S) == Cardinality(S) * 2 >= NumServers",
		violated: "ElectionSafety",
	},
}

// TestRaftMutants checks that each mutant violates its invariant under its configuration, and
// that the correct model passes the same configuration: the invariants are not vacuous and
// the violation is the mutation's.
func TestRaftMutants(t *testing.T) {
	for _, m := range raftMutants {
		t.Run(m.name, func(t *testing.T) {
			cfg := "tlc/mutants/" + m.name + ".cfg"
			res, out := raftCheck(t, "specs/mutants/"+m.name+".tla", cfg)
			if res.Result != modelcheck.ResultInvariant || res.Violated != m.violated {
				t.Errorf("%s: %s %q, want %s %q\n%s", m.name, res.Result, res.Violated,
					modelcheck.ResultInvariant, m.violated, out)
			}
			res, out = raftCheck(t, "specs/raftkv.tla", cfg)
			if res.Result != modelcheck.ResultSuccess {
				t.Errorf("the correct model with %s: %s %s, want success\n%s", cfg, res.Result, res.Violated, out)
			}
		})
	}
}

// raftSource splits a spec into the part MPCal reads (up to the PlusCal translation) and the
// part after the TLA+ translation (the properties).
func raftSource(t *testing.T, path string) (head, props string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	i := strings.Index(s, "\\* BEGIN PLUSCAL TRANSLATION")
	j := strings.Index(s, "\\* END TRANSLATION")
	if i < 0 || j < i {
		t.Fatalf("%s: translation markers not found", path)
	}
	return s[:i], s[j:]
}

// TestRaftMutantsMatchSpec checks that each mutant is specs/raftkv.tla with its module name
// and its one mutation changed, so that the mutants follow the model as it evolves.
func TestRaftMutantsMatchSpec(t *testing.T) {
	head, props := raftSource(t, "raftkv.tla")
	for _, m := range raftMutants {
		t.Run(m.name, func(t *testing.T) {
			want := strings.Replace(head, "---- MODULE raftkv ----", "---- MODULE "+m.name+" ----", 1)
			if n := strings.Count(want, m.old); n != 1 {
				t.Fatalf("the mutated text occurs %d times in specs/raftkv.tla, want once: %q", n, m.old)
			}
			want = strings.Replace(want, m.old, m.new, 1)
			gotHead, gotProps := raftSource(t, filepath.Join("mutants", m.name+".tla"))
			if gotHead != want {
				t.Errorf("mutants/%s.tla is not specs/raftkv.tla with its mutation; regenerate it", m.name)
			}
			if gotProps != props {
				t.Errorf("mutants/%s.tla: the properties differ from specs/raftkv.tla's", m.name)
			}
		})
	}
}

// TestRaftTranslationUpToDate recompiles specs/raftkv.tla and its mutants (pcalgen: MPCal to
// PlusCal to TLA+) on copies and requires the result to equal the files.
func TestRaftTranslationUpToDate(t *testing.T) {
	paths := []string{"raftkv.tla"}
	for _, m := range raftMutants {
		paths = append(paths, filepath.Join("mutants", m.name+".tla"))
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
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

// TestRaftGeneratedGoUpToDate recompiles the archetypes of specs/raftkv.tla (gogen) and
// requires the result to equal gen/raftkv/raftkv.go.
func TestRaftGeneratedGoUpToDate(t *testing.T) {
	want, err := gogen.GenerateFile("raftkv.tla", nil, gogen.Options{Package: "raftkv"})
	if err != nil {
		t.Fatalf("gogen: %v", err)
	}
	got, err := os.ReadFile(filepath.Join("..", "gen", "raftkv", "raftkv.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("gen/raftkv/raftkv.go out of date; run scripts/gen.sh")
	}
}
