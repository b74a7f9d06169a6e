package kvtest

import (
	"cmp"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"
)

// ErrCheckTimeout is returned by [CheckLinearizable] when the checker ran out of time
// before deciding (linearizability checking is NP-hard).
var ErrCheckTimeout = errors.New("kvtest: linearizability check timed out")

// The porcupine model of a key-value store, partitioned by key: a partition's state is the
// value of one key.

type kvInput struct {
	Put   bool
	Key   string
	Value string
}

type kvOutput struct {
	Value   string
	Found   bool
	Unknown bool // a Put whose outcome is unknown: matches anything
}

type kvState struct {
	Value  string
	Exists bool
}

func kvStep(state, input, output any) (bool, any) {
	s, in, out := state.(kvState), input.(kvInput), output.(kvOutput)
	if in.Put {
		// A Put always succeeds; an acknowledged one returns nothing and an unknown one
		// matches anything.
		return true, kvState{Value: in.Value, Exists: true}
	}
	if out.Found {
		return s.Exists && s.Value == out.Value, s
	}
	return !s.Exists, s
}

// kvPartition splits a history by key, the keys in sorted order.
func kvPartition(history []porcupine.Operation) [][]porcupine.Operation {
	byKey := map[string][]porcupine.Operation{}
	for _, op := range history {
		k := op.Input.(kvInput).Key
		byKey[k] = append(byKey[k], op)
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([][]porcupine.Operation, len(keys))
	for i, k := range keys {
		parts[i] = byKey[k]
	}
	return parts
}

func kvModel() porcupine.Model {
	seed := maphash.MakeSeed()
	return porcupine.Model{
		Partition: kvPartition,
		Init:      func() any { return kvState{} },
		Step:      kvStep,
		Hash: func(state any) uint64 {
			s := state.(kvState)
			if !s.Exists {
				return 0
			}
			return maphash.String(seed, s.Value) | 1
		},
		DescribeOperation: func(input, output any) string {
			in, out := input.(kvInput), output.(kvOutput)
			if in.Put {
				s := fmt.Sprintf("put(%q, %q)", in.Key, abbrev(in.Value))
				if out.Unknown {
					s += " -> ?"
				}
				return s
			}
			if out.Found {
				return fmt.Sprintf("get(%q) -> %q", in.Key, abbrev(out.Value))
			}
			return fmt.Sprintf("get(%q) -> not found", in.Key)
		},
		DescribeState: describeState,
		DescribeOperationMetadata: func(info any) string {
			if info == nil {
				return ""
			}
			return info.(HistoryOp).String()
		},
	}
}

func describeState(state any) string {
	s := state.(kvState)
	if !s.Exists {
		return "<none>"
	}
	return fmt.Sprintf("%q", abbrev(s.Value))
}

// toPorcupine converts recorded operations for the checker: Gets that failed or are still
// pending are dropped (they had no effect), as are Puts known not to have been applied; a
// Put with an unknown outcome (or still pending) gets a return time of +infinity and an
// output that matches anything, so it may take effect at any time after its invocation.
func toPorcupine(ops []HistoryOp) (pops []porcupine.Operation, unknown int) {
	for _, op := range ops {
		p := porcupine.Operation{
			ClientId: max(op.Client, 0),
			Input:    kvInput{Put: op.Kind == OpPut, Key: op.Key},
			Call:     int64(op.Call),
			Return:   int64(op.Return),
			Metadata: op,
		}
		switch op.Kind {
		case OpGet:
			if op.Outcome != OutcomeOK {
				continue
			}
			p.Output = kvOutput{Value: op.Value, Found: op.Found}
		case OpPut:
			in := p.Input.(kvInput)
			in.Value = op.Value
			p.Input = in
			switch op.Outcome {
			case OutcomeOK:
				p.Output = kvOutput{}
			case OutcomeFailed:
				continue
			default: // unknown or pending
				unknown++
				p.Output = kvOutput{Unknown: true}
				p.Return = math.MaxInt64
			}
		default:
			continue
		}
		pops = append(pops, p)
	}
	return pops, unknown
}

// LinearizabilityReport is the outcome of [CheckHistory].
type LinearizabilityReport struct {
	// OK: the history is linearizable. If neither OK nor TimedOut, it is not.
	OK bool
	// TimedOut: the checker ran out of time without finding a violation (and without
	// proving there is none).
	TimedOut bool
	// Info describes the outcome; for a violation, the keys whose operations cannot be
	// linearized and the operations that no linearization reaches.
	Info string
	// Ops, Keys and Unknown count the checked operations, the keys they touch and the Puts
	// among them with an unknown outcome.
	Ops, Keys, Unknown int

	model   porcupine.Model
	ops     []porcupine.Operation
	timeout time.Duration
	info    *porcupine.LinearizationInfo // computed for a violation
}

// CheckHistory checks whether the operations recorded in h are linearizable with respect
// to a key-value store (Get returns the last value Put, or not found; Put sets), giving up
// after timeout (zero means no limit). Operations with an unknown outcome are handled as
// described in the package documentation.
func CheckHistory(h *History, timeout time.Duration) (*LinearizabilityReport, error) {
	if h == nil {
		return nil, errors.New("kvtest: nil history")
	}
	pops, unknown := toPorcupine(h.Ops())
	model := kvModel()
	r := &LinearizabilityReport{
		Ops: len(pops), Keys: len(kvPartition(pops)), Unknown: unknown,
		model: model, ops: pops, timeout: timeout,
	}
	switch porcupine.CheckOperationsTimeout(model, pops, timeout) {
	case porcupine.Ok:
		r.OK = true
		r.Info = fmt.Sprintf("linearizable: %d operations on %d keys (%d puts with unknown outcome)", r.Ops, r.Keys, r.Unknown)
	case porcupine.Unknown:
		r.TimedOut = true
		r.Info = fmt.Sprintf("undecided after %v: %d operations on %d keys (%d puts with unknown outcome)", timeout, r.Ops, r.Keys, r.Unknown)
	default:
		// Check again, computing the partial linearizations for the description and the
		// visualization (porcupine's verbose mode is slower, so only on failure).
		res, info := porcupine.CheckOperationsVerbose(model, pops, timeout)
		r.info = &info
		r.Info = describeViolation(pops, info, res)
	}
	return r, nil
}

// describeViolation names the keys that cannot be linearized and the operations that the
// longest partial linearizations of those keys do not reach.
func describeViolation(pops []porcupine.Operation, info porcupine.LinearizationInfo, res porcupine.CheckResult) string {
	const maxOps = 6
	var b strings.Builder
	b.WriteString("not linearizable")
	if res != porcupine.Illegal {
		fmt.Fprintf(&b, " (the detailed re-check was cut short: %s)", res)
	}
	parts := kvPartition(pops)
	partials := info.PartialLinearizations()
	for i, part := range parts {
		if i >= len(partials) {
			break
		}
		longest := 0
		var best []int
		for _, l := range partials[i] {
			if len(l) > longest {
				longest, best = len(l), l
			}
		}
		if longest == len(part) {
			continue
		}
		key := part[0].Input.(kvInput).Key
		fmt.Fprintf(&b, "\nkey %q: %d operations, the longest linearizable prefix has %d", key, len(part), longest)
		in := make([]bool, len(part))
		var state any = kvState{}
		for _, id := range best {
			in[id] = true
			_, state = kvStep(state, part[id].Input, part[id].Output)
		}
		if len(best) > 0 {
			last := part[best[len(best)-1]]
			fmt.Fprintf(&b, ", ending with %s and leaving %s", last.Metadata.(HistoryOp), describeState(state))
		}
		var missing []porcupine.Operation
		for id, op := range part {
			if !in[id] {
				missing = append(missing, op)
			}
		}
		slices.SortFunc(missing, func(a, b porcupine.Operation) int {
			return cmp.Compare(a.Call, b.Call)
		})
		b.WriteString("; operations outside it, earliest first:")
		for j, op := range missing {
			if j == maxOps {
				fmt.Fprintf(&b, "\n  … and %d more", len(missing)-maxOps)
				break
			}
			fmt.Fprintf(&b, "\n  %s", op.Metadata.(HistoryOp))
		}
	}
	return b.String()
}

// Visualize writes porcupine's HTML visualization of the checked history to path (useful
// on failure: it shows, per key, the operations and the longest partial linearizations).
func (r *LinearizabilityReport) Visualize(path string) error {
	info := r.info
	if info == nil {
		_, i := porcupine.CheckOperationsVerbose(r.model, r.ops, r.timeout)
		info = &i
	}
	if err := porcupine.VisualizePath(r.model, *info, path); err != nil {
		return fmt.Errorf("kvtest: writing visualization: %w", err)
	}
	return nil
}

// CheckLinearizable checks whether the history is linearizable (see [CheckHistory]). It
// returns ok == false with a nil error for a violation, described in info, and
// [ErrCheckTimeout] if the checker could not decide within timeout. Use [CheckHistory] to
// get a report that can also write a visualization.
func CheckLinearizable(h *History, timeout time.Duration) (ok bool, info string, err error) {
	r, err := CheckHistory(h, timeout)
	if err != nil {
		return false, "", err
	}
	if r.TimedOut {
		return false, r.Info, ErrCheckTimeout
	}
	return r.OK, r.Info, nil
}

// AssertLinearizable checks h (see [CheckHistory]) and, unless it is linearizable, fails the
// test with t.Errorf, describing the violation and writing porcupine's visualization to a
// file outside the test's temporary directories (so that it survives the test), whose path
// it reports. An undecided check (timeout) fails the test too. It reports whether h is
// linearizable.
func AssertLinearizable(t TB, h *History, timeout time.Duration) bool {
	t.Helper()
	r, err := CheckHistory(h, timeout)
	if err != nil {
		t.Errorf("linearizability check: %v", err)
		return false
	}
	if r.OK {
		return true
	}
	if r.TimedOut {
		t.Errorf("linearizability check undecided: %s", r.Info)
		return false
	}
	where := "(visualization not written)"
	if dir, err := os.MkdirTemp("", "kvtest-linearizability-"); err == nil {
		path := filepath.Join(dir, "history.html")
		if err := r.Visualize(path); err == nil {
			where = "visualization: " + path
		} else {
			where = err.Error()
		}
	}
	t.Errorf("history of %d operations is %s\n%s", r.Ops, r.Info, where)
	return false
}
