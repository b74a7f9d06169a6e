package kvtest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const checkTimeout = 20 * time.Second

// drive runs clients concurrent recorded clients, each doing ops random Gets and Puts (half
// each, unique values) over a few keys.
func drive(t *testing.T, h *History, clients, ops int, keys []string, newClient func(i int) Client) {
	t.Helper()
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range clients {
		c := NewRecordingClient(newClient(i), h, i)
		r := rand.New(rand.NewPCG(uint64(i), 99))
		wg.Go(func() {
			defer c.Close()
			for j := range ops {
				key := keys[r.IntN(len(keys))]
				if r.IntN(2) == 0 {
					c.Get(ctx, key)
				} else {
					c.Put(ctx, key, fmt.Sprintf("c%d-%d", i, j))
				}
			}
		})
	}
	wg.Wait()
}

func TestCheckLinearizableAcceptsMemKV(t *testing.T) {
	s := newMemKV()
	h := NewHistory()
	drive(t, h, 4, 150, []string{"x", "y", "z"}, func(i int) Client {
		c := newFakeClient(s, uint64(i))
		c.maxDelay = 200 * time.Microsecond
		return c
	})
	ok, info, err := CheckLinearizable(h, checkTimeout)
	if err != nil || !ok {
		t.Fatalf("CheckLinearizable = %v, %q, %v; want linearizable", ok, info, err)
	}
	if h.Len() != 600 {
		t.Errorf("history has %d ops, want 600", h.Len())
	}
	t.Log(info)
}

func TestCheckLinearizableRejectsStaleReads(t *testing.T) {
	s := newStaleKV(5)
	h := NewHistory()
	drive(t, h, 4, 150, []string{"x", "y", "z"}, func(i int) Client {
		c := newFakeClient(s, uint64(i))
		c.maxDelay = 100 * time.Microsecond
		return c
	})
	r, err := CheckHistory(h, checkTimeout)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK || r.TimedOut {
		t.Fatalf("stale-read store judged OK=%v TimedOut=%v: %s", r.OK, r.TimedOut, r.Info)
	}
	if !strings.Contains(r.Info, "not linearizable") || !strings.Contains(r.Info, "key ") {
		t.Errorf("info does not describe the violation: %s", r.Info)
	}
	t.Log(r.Info)

	path := filepath.Join(t.TempDir(), "viz.html")
	if err := r.Visualize(path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "<html") || !strings.Contains(string(b), "put(") {
		t.Errorf("visualization does not look like porcupine's HTML with our operations (%d bytes)", len(b))
	}
}

func TestCheckLinearizableRejectsStaleReadSequential(t *testing.T) {
	ctx := context.Background()
	h := NewHistory()
	c := NewRecordingClient(newFakeClient(newStaleKV(1), 0), h, 0)
	if err := c.Put(ctx, "x", "a"); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := c.Get(ctx, "x"); found {
		t.Fatal("the lagging replica should not have the value yet")
	}
	ok, info, err := CheckLinearizable(h, checkTimeout)
	if err != nil || ok {
		t.Fatalf("CheckLinearizable = %v, %q, %v; want a violation", ok, info, err)
	}
	if !strings.Contains(info, `key "x"`) || !strings.Contains(info, "not found") {
		t.Errorf("info should name key x and the stale read: %s", info)
	}
}

func TestCheckLinearizableUnknownOutcomes(t *testing.T) {
	s := newMemKV()
	h := NewHistory()
	drive(t, h, 4, 150, []string{"x", "y", "z"}, func(i int) Client {
		c := newFakeClient(s, uint64(i))
		c.maxDelay = 100 * time.Microsecond
		c.putErrEvery = 3  // applied, but answered with an error
		c.putDropEvery = 7 // not applied, answered with an error
		c.getErrEvery = 5
		return c
	})
	var unknown, failed int
	for _, op := range h.Ops() {
		switch op.Outcome {
		case OutcomeUnknown:
			unknown++
		case OutcomeFailed:
			failed++
		}
	}
	if unknown == 0 || failed == 0 {
		t.Fatalf("want unknown and failed operations, got %d and %d", unknown, failed)
	}
	r, err := CheckHistory(h, checkTimeout)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK {
		t.Fatalf("applied-but-errored puts must be accepted: %s", r.Info)
	}
	if r.Unknown != unknown {
		t.Errorf("report counts %d unknown puts, history has %d", r.Unknown, unknown)
	}
}

// op builds a recorded operation for hand-made histories; ret < 0 means pending.
func op(kind OpKind, key, value string, found bool, outcome Outcome, call, ret time.Duration) HistoryOp {
	return HistoryOp{Kind: kind, Key: key, Value: value, Found: found, Outcome: outcome, Call: call, Return: ret}
}

func historyOf(ops ...HistoryOp) *History {
	h := NewHistory()
	for i, o := range ops {
		o.ID, o.Client = i, i
		h.ops = append(h.ops, o)
	}
	return h
}

func TestCheckLinearizableModel(t *testing.T) {
	const (
		ok      = OutcomeOK
		unknown = OutcomeUnknown
		failed  = OutcomeFailed
		pending = OutcomePending
	)
	tests := []struct {
		name string
		ops  []HistoryOp
		want bool
	}{
		{"empty", nil, true},
		{"sequential put get", []HistoryOp{
			op(OpPut, "x", "1", false, ok, 0, 10),
			op(OpGet, "x", "1", true, ok, 20, 30),
		}, true},
		{"stale read after acked put", []HistoryOp{
			op(OpPut, "x", "1", false, ok, 0, 10),
			op(OpGet, "x", "", false, ok, 20, 30),
		}, false},
		{"read of a value never written", []HistoryOp{
			op(OpGet, "x", "1", true, ok, 20, 30),
		}, false},
		{"concurrent put and read see either value", []HistoryOp{
			op(OpPut, "x", "1", false, ok, 0, 10),
			op(OpPut, "x", "2", false, ok, 20, 50),
			op(OpGet, "x", "1", true, ok, 25, 30),
			op(OpGet, "x", "2", true, ok, 35, 40),
		}, true},
		{"values go back in time", []HistoryOp{
			op(OpPut, "x", "1", false, ok, 0, 10),
			op(OpPut, "x", "2", false, ok, 20, 50),
			op(OpGet, "x", "2", true, ok, 25, 30),
			op(OpGet, "x", "1", true, ok, 35, 40),
		}, false},
		{"unknown put takes effect later", []HistoryOp{
			op(OpPut, "x", "1", false, unknown, 0, 10),
			op(OpGet, "x", "", false, ok, 20, 30),
			op(OpGet, "x", "1", true, ok, 40, 50),
		}, true},
		{"unknown put never takes effect", []HistoryOp{
			op(OpPut, "x", "1", false, unknown, 0, 10),
			op(OpGet, "x", "", false, ok, 20, 30),
		}, true},
		{"unknown put cannot be undone", []HistoryOp{
			op(OpPut, "x", "1", false, unknown, 0, 10),
			op(OpGet, "x", "1", true, ok, 20, 30),
			op(OpGet, "x", "", false, ok, 40, 50),
		}, false},
		{"unknown put cannot take effect before its invocation", []HistoryOp{
			op(OpGet, "x", "1", true, ok, 0, 10),
			op(OpPut, "x", "1", false, unknown, 20, 30),
		}, false},
		{"pending put may take effect", []HistoryOp{
			op(OpPut, "x", "1", false, pending, 0, 0),
			op(OpGet, "x", "1", true, ok, 20, 30),
		}, true},
		{"put known not applied is ignored", []HistoryOp{
			op(OpPut, "x", "1", false, failed, 0, 10),
			op(OpGet, "x", "1", true, ok, 20, 30),
		}, false},
		{"failed get is ignored", []HistoryOp{
			op(OpPut, "x", "1", false, ok, 0, 10),
			op(OpGet, "x", "", false, failed, 20, 30),
		}, true},
		{"keys are independent", []HistoryOp{
			op(OpPut, "x", "1", false, ok, 0, 10),
			op(OpGet, "y", "", false, ok, 20, 30),
			op(OpGet, "x", "1", true, ok, 20, 30),
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, info, err := CheckLinearizable(historyOf(tt.ops...), checkTimeout)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tt.want {
				t.Errorf("linearizable = %v, want %v: %s", ok, tt.want, info)
			}
		})
	}
}

// errClient fails every call with err.
type errClient struct{ err error }

func (c errClient) Get(context.Context, string) (string, bool, error) { return "", false, c.err }
func (c errClient) Put(context.Context, string, string) error         { return c.err }
func (c errClient) Close() error                                      { return nil }

func TestRecordingClientOutcomes(t *testing.T) {
	ctx := context.Background()
	h := NewHistory()
	good := NewRecordingClient(newFakeClient(newMemKV(), 0), h, 0)
	bad := NewRecordingClient(errClient{errFlaky}, h, 1)
	rejected := NewRecordingClient(errClient{fmt.Errorf("rejected: %w", ErrNotApplied)}, h, 2)

	good.Put(ctx, "k", "v")
	good.Get(ctx, "k")
	good.Get(ctx, "nope")
	if err := bad.Put(ctx, "k", "w"); !errors.Is(err, errFlaky) {
		t.Errorf("RecordingClient must return the wrapped client's error, got %v", err)
	}
	bad.Get(ctx, "k")
	rejected.Put(ctx, "k", "z")

	want := []struct {
		client  int
		kind    OpKind
		value   string
		found   bool
		outcome Outcome
	}{
		{0, OpPut, "v", false, OutcomeOK},
		{0, OpGet, "v", true, OutcomeOK},
		{0, OpGet, "", false, OutcomeOK},
		{1, OpPut, "w", false, OutcomeUnknown},
		{1, OpGet, "", false, OutcomeFailed},
		{2, OpPut, "z", false, OutcomeFailed},
	}
	ops := h.Ops()
	if len(ops) != len(want) {
		t.Fatalf("recorded %d ops, want %d", len(ops), len(want))
	}
	for i, w := range want {
		o := ops[i]
		if o.ID != i || o.Client != w.client || o.Kind != w.kind || o.Value != w.value || o.Found != w.found || o.Outcome != w.outcome {
			t.Errorf("op %d = %+v, want %+v", i, o, w)
		}
		if o.Return < o.Call || (i > 0 && o.Call < ops[i-1].Return) {
			t.Errorf("op %d: timestamps out of order: %+v", i, o)
		}
		if (o.Outcome == OutcomeOK) != (o.Err == "") {
			t.Errorf("op %d: error text %q with outcome %v", i, o.Err, o.Outcome)
		}
	}
}

func TestAssertLinearizable(t *testing.T) {
	good := historyOf(op(OpPut, "x", "1", false, OutcomeOK, 0, 10), op(OpGet, "x", "1", true, OutcomeOK, 20, 30))
	ftb := &fakeTB{dir: t.TempDir()}
	if !AssertLinearizable(ftb, good, checkTimeout) || ftb.Failed() {
		t.Fatalf("linearizable history failed the test: %v", ftb.errors)
	}

	bad := historyOf(op(OpPut, "x", "1", false, OutcomeOK, 0, 10), op(OpGet, "x", "", false, OutcomeOK, 20, 30))
	if AssertLinearizable(ftb, bad, checkTimeout) || len(ftb.errors) != 1 {
		t.Fatalf("violation not reported: %v", ftb.errors)
	}
	msg := ftb.errors[0]
	i := strings.Index(msg, "visualization: ")
	if !strings.Contains(msg, "not linearizable") || i < 0 {
		t.Fatalf("report lacks the violation or the visualization: %s", msg)
	}
	path := strings.TrimSpace(msg[i+len("visualization: "):])
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Dir(path))
}
