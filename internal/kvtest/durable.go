package kvtest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// AckedWrites returns, for every key, the values of its acknowledged Puts (those that
// returned without error) in the order of their responses.
func AckedWrites(h *History) map[string][]string {
	ops := h.Ops()
	slices.SortStableFunc(ops, func(a, b HistoryOp) int { return cmp.Compare(a.Return, b.Return) })
	acked := map[string][]string{}
	for _, op := range ops {
		if op.Kind == OpPut && op.Outcome == OutcomeOK {
			acked[op.Key] = append(acked[op.Key], op.Value)
		}
	}
	return acked
}

// durableKey is what a final read of one key may return.
type durableKey struct {
	mayBeAbsent bool            // no acknowledged Put
	allowed     map[string]bool // values that may be the last write
	lastAcked   string          // the acknowledged Put that responded last
}

// durableExpectations computes, for every key written in the history, the values that a
// read made after every recorded operation may return: the value of a Put that no
// acknowledged Put of the same key follows in real time, i.e. the last acknowledged write
// (or any acknowledged write concurrent with it) or a later or concurrent write whose
// outcome is unknown (which may have taken effect at any time after its invocation). A key
// with no acknowledged Put may also have no value.
func durableExpectations(ops []HistoryOp) map[string]*durableKey {
	type keyInfo struct {
		puts         []HistoryOp
		maxAckedCall time.Duration
		lastAckedRet time.Duration
		lastAckedVal string
		anyAcked     bool
	}
	infos := map[string]*keyInfo{}
	for _, op := range ops {
		if op.Kind != OpPut || op.Outcome == OutcomeFailed {
			continue
		}
		ki := infos[op.Key]
		if ki == nil {
			ki = &keyInfo{}
			infos[op.Key] = ki
		}
		ki.puts = append(ki.puts, op)
		if op.Outcome == OutcomeOK {
			if !ki.anyAcked || op.Call > ki.maxAckedCall {
				ki.maxAckedCall = op.Call
			}
			if !ki.anyAcked || op.Return >= ki.lastAckedRet {
				ki.lastAckedRet, ki.lastAckedVal = op.Return, op.Value
			}
			ki.anyAcked = true
		}
	}
	exp := make(map[string]*durableKey, len(infos))
	for key, ki := range infos {
		dk := &durableKey{mayBeAbsent: !ki.anyAcked, allowed: map[string]bool{}, lastAcked: ki.lastAckedVal}
		for _, p := range ki.puts {
			// p may be the last write unless an acknowledged Put started after p returned.
			if p.Outcome != OutcomeOK || !ki.anyAcked || p.Return >= ki.maxAckedCall {
				dk.allowed[p.Value] = true
			}
		}
		exp[key] = dk
	}
	return exp
}

// DurabilityViolation is a key whose final value is not one that the history allows.
type DurabilityViolation struct {
	Key       string
	Got       string // the value read, if Found
	Found     bool
	LastAcked string   // the value of the acknowledged Put of Key that responded last ("" if none)
	Allowed   []string // the values the read could have returned
}

func (v DurabilityViolation) String() string {
	got := "not found"
	if v.Found {
		got = fmt.Sprintf("%q", abbrev(v.Got))
	}
	allowed := make([]string, len(v.Allowed))
	for i, a := range v.Allowed {
		allowed[i] = fmt.Sprintf("%q", abbrev(a))
	}
	return fmt.Sprintf("key %q: read %s, last acknowledged write %q, allowed {%s}",
		v.Key, got, abbrev(v.LastAcked), strings.Join(allowed, ", "))
}

// DurabilityError reports acknowledged writes that were lost (or values that were never
// written).
type DurabilityError struct {
	Checked    int // keys read
	Violations []DurabilityViolation
}

func (e *DurabilityError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kvtest: %d of %d keys do not hold their last acknowledged write (or a later one)", len(e.Violations), e.Checked)
	for i, v := range e.Violations {
		if i == 10 {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Violations)-10)
			break
		}
		b.WriteString("\n  " + v.String())
	}
	return b.String()
}

// VerifyDurable reads every key written in h through c and checks that each holds its last
// acknowledged write or a write that may have followed it (an acknowledged write
// concurrent with it, or a write with an unknown outcome invoked before the read); a key
// whose every Put failed or has an unknown outcome may also be absent. Call it once the
// recorded clients have stopped, typically after faults are healed or the cluster
// restarted. h must record every write of those keys (including any load phase).
//
// A read that fails is retried (with backoff) until ctx is done, so a store that is still
// recovering gets time to do so. VerifyDurable returns a *DurabilityError listing the
// violations, or ctx's error if it could not read every key.
func VerifyDurable(ctx context.Context, c Client, h *History) error {
	exp := durableExpectations(h.Ops())
	keys := make([]string, 0, len(exp))
	for k := range exp {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	derr := &DurabilityError{}
	for _, key := range keys {
		var v string
		var found bool
		err := Poll(ctx, 10*time.Millisecond, func(ctx context.Context) error {
			var err error
			v, found, err = c.Get(ctx, key)
			return err
		})
		if err != nil {
			return fmt.Errorf("kvtest: verify durable: reading %q: %w", key, err)
		}
		derr.Checked++
		dk := exp[key]
		if found && dk.allowed[v] || !found && dk.mayBeAbsent {
			continue
		}
		allowed := make([]string, 0, len(dk.allowed))
		for a := range dk.allowed {
			allowed = append(allowed, a)
		}
		slices.Sort(allowed)
		derr.Violations = append(derr.Violations, DurabilityViolation{
			Key: key, Got: v, Found: found, LastAcked: dk.lastAcked, Allowed: allowed,
		})
	}
	if len(derr.Violations) > 0 {
		return derr
	}
	return nil
}
