package modelcheck

import (
	"errors"
	"slices"

	"github.com/mpgo/mpgo/distsys/tla"
)

// trace reconstructs the error trace of v. Only fingerprints and parent
// ids are kept per state, so the states are recomputed as TLC does: from
// the initial state with the first fingerprint, each next state is the
// successor (under some action) with the next fingerprint.
func (s *search) trace(v *violation) ([]TraceState, error) {
	m := s.m
	var chain []uint32
	for id := v.parent; id != noParent; id = s.parents.get(int(id)) {
		chain = append(chain, id)
	}
	slices.Reverse(chain)
	fps := make([]uint64, len(chain))
	for i, id := range chain {
		fps[i] = s.fps.get(int(id))
	}
	c := newCtx(m)
	c.quiet = true
	out, err := s.replay(c, fps)
	if err != nil {
		return nil, err
	}
	var prev []tla.Value
	if len(out) > 0 {
		prev = out[len(out)-1].Values
	}
	if v.state != nil {
		if prev == nil {
			out = append(out, m.traceState(c, v.state, nil))
		} else {
			want := m.fingerprint(c, v.state)
			found, act, err := s.findSuccessor(c, prev, len(fps), want)
			if err != nil {
				return nil, err
			}
			if found == nil {
				found = v.state
			}
			out = append(out, m.traceState(c, found, act))
		}
	}
	return out, nil
}

// replay recomputes the states with the given fingerprints, each a
// successor of the one before it (the first an initial state), with the
// actions that lead to them.
func (s *search) replay(c *ctx, fps []uint64) ([]TraceState, error) {
	m := s.m
	var out []TraceState
	var prev []tla.Value
	for i, want := range fps {
		var found []tla.Value
		var act *action
		if i == 0 {
			c.emit = func(c *ctx) bool {
				if m.fingerprint(c, c.next) == want {
					found = cloneState(c.next)
					return false
				}
				return true
			}
			if err := m.protect(c, func() {
				c.reset(m.initFrame.size)
				clear(c.nset)
				m.initGen(c)
			}); err != nil {
				return nil, err
			}
		} else {
			var err error
			found, act, err = s.findSuccessor(c, prev, i, want)
			if err != nil {
				return nil, err
			}
		}
		if found == nil {
			return nil, errors.New("a state of the trace was not found again")
		}
		out = append(out, m.traceState(c, found, act))
		prev = found
	}
	return out, nil
}

// findSuccessor looks for a successor of cur with fingerprint want.
func (s *search) findSuccessor(c *ctx, cur []tla.Value, depth int, want uint64) ([]tla.Value, *action, error) {
	m := s.m
	var found []tla.Value
	var act *action
	var which *action
	c.emit = func(c *ctx) bool {
		for _, ok := range c.nset {
			if !ok {
				return true
			}
		}
		if m.fingerprint(c, c.next) == want {
			found, act = cloneState(c.next), which
			return false
		}
		return true
	}
	err := m.protect(c, func() {
		c.cur = cur
		c.depth = depth
		for _, a := range m.actions {
			which = a
			if !a.run(c) {
				return
			}
		}
	})
	return found, act, err
}

// traceState renders a state (through the ALIAS if there is one).
func (m *model) traceState(c *ctx, st []tla.Value, act *action) TraceState {
	ts := TraceState{Action: "Initial predicate", Values: st}
	if act != nil {
		ts.Action, ts.Location = act.name, act.span
	}
	if m.alias != nil {
		saved, savedNext := c.cur, c.next
		c.cur, c.next = st, st
		var v tla.Value
		err := m.protect(c, func() {
			c.reset(0)
			v = m.alias.eval(c)
		})
		c.cur, c.next = saved, savedNext
		if err == nil && v.IsFunction() {
			for _, k := range v.SortedKeys() {
				name := k.TLCString()
				if k.IsString() {
					name = k.AsString()
				}
				ts.Vars = append(ts.Vars, TraceVar{Name: name, Value: v.ApplyFunction(k).TLCString()})
			}
			return ts
		}
	}
	for i, name := range m.vars {
		ts.Vars = append(ts.Vars, TraceVar{Name: name, Value: st[i].TLCString()})
	}
	return ts
}
