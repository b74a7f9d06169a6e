package kvtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestVerifyDurableOK(t *testing.T) {
	s := newMemKV()
	h := NewHistory()
	drive(t, h, 4, 100, []string{"a", "b", "c", "d", "e"}, func(i int) Client {
		c := newFakeClient(s, uint64(i))
		c.putErrEvery = 4 // applied, error returned: unknown outcome
		c.putDropEvery = 9
		return c
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := VerifyDurable(ctx, newFakeClient(s, 100), h); err != nil {
		t.Fatal(err)
	}
	if len(AckedWrites(h)) == 0 {
		t.Fatal("no acknowledged writes")
	}
}

func TestVerifyDurableCatchesLostWrite(t *testing.T) {
	ctx := context.Background()
	s := newMemKV()
	h := NewHistory()
	c := NewRecordingClient(newFakeClient(s, 0), h, 0)
	for i := range 5 {
		c.Put(ctx, KeyName(i), fmt.Sprintf("v1-%d", i))
	}
	snap := s.snapshot()
	c.Put(ctx, KeyName(1), "v2-1")
	c.Put(ctx, KeyName(5), "v2-5")
	s.restore(snap) // the store "crashes" and loses the last two acknowledged writes

	if got := AckedWrites(h)[KeyName(1)]; !slices.Equal(got, []string{"v1-1", "v2-1"}) {
		t.Errorf("acknowledged writes of key 1: %q", got)
	}
	err := VerifyDurable(ctx, newFakeClient(s, 1), h)
	var derr *DurabilityError
	if !errors.As(err, &derr) {
		t.Fatalf("VerifyDurable = %v, want a *DurabilityError", err)
	}
	if derr.Checked != 6 || len(derr.Violations) != 2 {
		t.Fatalf("checked %d keys, %d violations; want 6 and 2: %v", derr.Checked, len(derr.Violations), err)
	}
	v1, v5 := derr.Violations[0], derr.Violations[1]
	if v1.Key != KeyName(1) || !v1.Found || v1.Got != "v1-1" || v1.LastAcked != "v2-1" || !slices.Equal(v1.Allowed, []string{"v2-1"}) {
		t.Errorf("violation for key 1: %+v", v1)
	}
	if v5.Key != KeyName(5) || v5.Found || v5.LastAcked != "v2-5" {
		t.Errorf("violation for key 5: %+v", v5)
	}
	if msg := err.Error(); !strings.Contains(msg, "2 of 6 keys") || !strings.Contains(msg, "not found") {
		t.Errorf("error message: %s", msg)
	}
}

func TestVerifyDurableValueNeverWritten(t *testing.T) {
	ctx := context.Background()
	s := newMemKV()
	h := NewHistory()
	NewRecordingClient(newFakeClient(s, 0), h, 0).Put(ctx, "k", "mine")
	s.put("k", "someone else's")
	var derr *DurabilityError
	if err := VerifyDurable(ctx, newFakeClient(s, 1), h); !errors.As(err, &derr) || len(derr.Violations) != 1 {
		t.Fatalf("VerifyDurable = %v, want one violation", err)
	}
}

func TestDurableExpectations(t *testing.T) {
	const (
		ok      = OutcomeOK
		unknown = OutcomeUnknown
		failed  = OutcomeFailed
	)
	ops := []HistoryOp{
		// Key a: p1 is overwritten by p2, which is concurrent with p3.
		op(OpPut, "a", "p1", false, ok, 0, 10),
		op(OpPut, "a", "p2", false, ok, 20, 40),
		op(OpPut, "a", "p3", false, ok, 30, 50),
		// An unknown write before the last acknowledged one may still have been applied
		// after it; a failed one was not applied.
		op(OpPut, "a", "u1", false, unknown, 5, 8),
		op(OpPut, "a", "f1", false, failed, 60, 70),
		// Key b: only unknown writes: absent or any of them.
		op(OpPut, "b", "u2", false, unknown, 0, 10),
		op(OpPut, "b", "u3", false, OutcomePending, 20, 0),
		// Key c: one acknowledged write followed by a failed one.
		op(OpPut, "c", "c1", false, ok, 0, 10),
		op(OpPut, "c", "c2", false, failed, 20, 30),
		// Reads do not matter.
		op(OpGet, "d", "x", true, ok, 0, 10),
	}
	exp := durableExpectations(ops)
	check := func(key string, absent bool, last string, allowed ...string) {
		t.Helper()
		dk := exp[key]
		if dk == nil {
			t.Fatalf("no expectation for key %q", key)
		}
		var got []string
		for v := range dk.allowed {
			got = append(got, v)
		}
		slices.Sort(got)
		slices.Sort(allowed)
		if dk.mayBeAbsent != absent || dk.lastAcked != last || !slices.Equal(got, allowed) {
			t.Errorf("key %q: absent %v last %q allowed %v; want %v %q %v", key, dk.mayBeAbsent, dk.lastAcked, got, absent, last, allowed)
		}
	}
	check("a", false, "p3", "p2", "p3", "u1")
	check("b", true, "", "u2", "u3")
	check("c", false, "c1", "c1")
	if _, ok := exp["d"]; ok {
		t.Error("key only read has an expectation")
	}
}

// failingGets fails its first n Gets.
type failingGets struct {
	Client
	n int
}

func (c *failingGets) Get(ctx context.Context, key string) (string, bool, error) {
	if c.n > 0 {
		c.n--
		return "", false, errFlaky
	}
	return c.Client.Get(ctx, key)
}

func TestVerifyDurableRetries(t *testing.T) {
	ctx := context.Background()
	s := newMemKV()
	h := NewHistory()
	NewRecordingClient(newFakeClient(s, 0), h, 0).Put(ctx, "k", "v")

	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := VerifyDurable(tctx, &failingGets{newFakeClient(s, 1), 3}, h); err != nil {
		t.Fatalf("a store that recovers should pass: %v", err)
	}

	short, cancel2 := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel2()
	err := VerifyDurable(short, errClient{errFlaky}, h)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), errFlaky.Error()) {
		t.Fatalf("unavailable store: err = %v, want a deadline error mentioning the last failure", err)
	}
}
