package specs

// Tests of the raftkv model (specs/raftkv.tla): its CI configurations pass, each mutant under
// mutants/raftkv_*.tla violates the property it was written to break (and the correct model
// passes the mutant's configuration), and each mutant is the model with exactly its mutation.
// specs_test.go checks that the translation and the generated Go are up to date.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/modelcheck"
)

// TestRaftModels checks the CI configurations of raftkv: every invariant and LeaderAppendOnly
// hold (tlc/raftkv-large.cfg is make check-long's).
func TestRaftModels(t *testing.T) {
	for _, cfg := range []string{"tlc/raftkv.cfg", "tlc/raftkv-clients.cfg"} {
		t.Run(strings.TrimSuffix(filepath.Base(cfg), ".cfg"), func(t *testing.T) {
			if testing.Short() {
				t.Skip("-short: about a minute and a half")
			}
			res, out := check(t, "specs/raftkv.tla", cfg)
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
			res, out := check(t, "specs/mutants/"+m.name+".tla", cfg)
			if res.Result != modelcheck.ResultInvariant || res.Violated != m.violated {
				t.Errorf("%s: %s %q, want %s %q\n%s", m.name, res.Result, res.Violated,
					modelcheck.ResultInvariant, m.violated, out)
			}
			res, out = check(t, "specs/raftkv.tla", cfg)
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
