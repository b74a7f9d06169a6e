package modelcheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
)

var (
	cliOnce sync.Once
	cliBin  string
	cliErr  error
	cliDir  string
)

// mpgoBinary builds cmd/mpgo once for the CLI tests.
func mpgoBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the mpgo binary")
	}
	cliOnce.Do(func() {
		cliDir, cliErr = os.MkdirTemp("", "mpgo-cli-test")
		if cliErr != nil {
			return
		}
		cliBin = filepath.Join(cliDir, "mpgo")
		out, err := exec.Command("go", "build", "-o", cliBin, "github.com/mpgo/mpgo/cmd/mpgo").CombinedOutput()
		if err != nil {
			cliErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if cliErr != nil {
		t.Fatal(cliErr)
	}
	return cliBin
}

func TestMain(m *testing.M) {
	// As the mpgo command does (cmd/mpgo/check.go): the perf models run
	// much faster with fewer collections of their large live heap.
	debug.SetGCPercent(400)
	code := m.Run()
	if cliDir != "" {
		os.RemoveAll(cliDir)
	}
	os.Exit(code)
}

// runCLI runs mpgo check with args and returns its output and exit status.
func runCLI(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(mpgoBinary(t), append([]string{"check"}, args...)...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &ee):
		return string(out), ee.ExitCode()
	}
	t.Fatalf("running mpgo: %v", err)
	return "", 0
}

func corpusCase(t *testing.T, group, name string) corpus.Case {
	t.Helper()
	for _, c := range corpusCases(t, group) {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no corpus case %s/%s", group, name)
	return corpus.Case{}
}

// TestCLIExitCodesAndJSON runs the CLI on corpus models with each kind of
// outcome: the exit status is TLC's, the output has TLC's lines and -json
// writes expected.json's fields.
func TestCLIExitCodesAndJSON(t *testing.T) {
	cases := []struct {
		group, name string
		lines       []string
	}{
		{"tla", "action_property", []string{"Model checking completed. No error has been found.", "The depth of the complete state graph search is 7."}},
		{"pluscal", "lost_update", []string{"Error: Invariant NoLostUpdate is violated.", "State 1: <Initial predicate>",
			"State 2: <read(1) line 31, col 15 to line 34, col 34 of module lost_update>", "/\\ pc = <<\"write\", \"read\">>"}},
		{"tla", "deadlock_tla", []string{"Error: Deadlock reached.", "State 2: <Take(\"c1\",1) line 13, col 15 to line 15, col 53 of module deadlock_tla>",
			"/\\ taken = [c1 |-> 1, c2 |-> 0]"}},
		{"pluscal", "assert_fail", []string{"Error: The first argument of Assert evaluated to FALSE; the second argument was:",
			"\"Failure of assertion at line 15, column 9.\"", "State 8: <Loop line 29, col 9 to line 35, col 48 of module assert_fail>"}},
		{"tla", "action_property_violated", []string{"Error: Action property NeverDecreases is violated.",
			"State 8: <Next line 15, col 12 to line 15, col 49 of module action_property_violated>"}},
		{"tla", "tlc_ops", []string{"<<\"assume\", <<\"a\", \"b\">>>>", "\"hello\"  TRUE", "<<\"init\", <<\"one\", \"two\">>>>"}},
		{"pluscal", "toggle_wf", []string{"Error: Temporal properties were violated.", "Error: The following behavior constitutes a counter-example:",
			"Back to state 1: <t3 line 43, col 7 to line 46, col 19 of module toggle_wf>"}},
		{"pluscal", "liveness_nofair", []string{"Error: Temporal properties were violated.", "State 5: Stuttering"}},
		{"pluscal", "bakery", []string{"Implied-temporal checking--satisfiability problem has 1 branches.",
			"Model checking completed. No error has been found."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := corpusCase(t, tc.group, tc.name)
			jsonPath := filepath.Join(t.TempDir(), "out.json")
			tracePath := filepath.Join(t.TempDir(), "trace.json")
			out, code := runCLI(t, "-json", jsonPath, "-dump-trace", tracePath, c.Spec)
			if code != c.Expected.TLCExitCode {
				t.Fatalf("exit %d, want %d\n%s", code, c.Expected.TLCExitCode, out)
			}
			for _, l := range tc.lines {
				if !strings.Contains(out, l+"\n") {
					t.Errorf("output lacks line %q:\n%s", l, out)
				}
			}
			want := c.Expected.BreadthFirst()
			if want.Result == ResultSuccess {
				line := fmt.Sprintf("%d states generated, %d distinct states found, 0 states left on queue.", want.TotalStates, want.DistinctStates)
				if !strings.Contains(out, line) {
					t.Errorf("output lacks %q", line)
				}
			}
			data, err := os.ReadFile(jsonPath)
			if err != nil {
				t.Fatal(err)
			}
			var got corpus.Expected
			if err := json.Unmarshal(data, &got); err != nil {
				t.Fatal(err)
			}
			if got.Result != want.Result || got.Violated != want.Violated || got.TraceLength != want.TraceLength ||
				got.TraceLoop != want.TraceLoop || got.TLCExitCode != c.Expected.TLCExitCode {
				t.Errorf("json %s", data)
			}
			if (want.Result == ResultSuccess || want.Result == ResultProperty) && (got.DistinctStates != want.DistinctStates || got.TotalStates != want.TotalStates || got.StateDepth != want.StateDepth) {
				t.Errorf("json counts %s", data)
			}
			var trace []TraceState
			data, _ = os.ReadFile(tracePath)
			if err := json.Unmarshal(data, &trace); err != nil {
				t.Fatalf("trace: %v", err)
			}
			if int64(len(trace)) != want.TraceLength {
				t.Errorf("dumped trace has %d states, want %d", len(trace), want.TraceLength)
			}
		})
	}
}

func TestCLIFlags(t *testing.T) {
	c := corpusCase(t, "pluscal", "lock_order_deadlock")
	if _, code := runCLI(t, c.Spec); code != ExitDeadlock {
		t.Fatalf("exit %d, want %d", code, ExitDeadlock)
	}
	out, code := runCLI(t, "-deadlock", "-workers", "2", c.Spec)
	if code != 0 || !strings.Contains(out, "with 2 workers") {
		t.Fatalf("-deadlock: exit %d\n%s", code, out)
	}
	// -config names another model file.
	cfg := filepath.Join(t.TempDir(), "other.cfg")
	if err := os.WriteFile(cfg, []byte("SPECIFICATION Spec\nCHECK_DEADLOCK FALSE\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, code := runCLI(t, "-config", cfg, c.Spec); code != 0 {
		t.Fatalf("-config: exit %d\n%s", code, out)
	}
	if _, code := runCLI(t); code != ExitOther {
		t.Fatalf("no spec: exit %d", code)
	}
	if out, code := runCLI(t, "-config", filepath.Join(t.TempDir(), "missing.cfg"), c.Spec); code != ExitConfig {
		t.Fatalf("missing cfg: exit %d\n%s", code, out)
	}
	if out, code := runCLI(t, filepath.Join(t.TempDir(), "missing.tla")); code != ExitParse {
		t.Fatalf("missing spec: exit %d\n%s", code, out)
	}
}
