package server

import (
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

func sigKey(s, x int) tla.Value {
	return tla.MakeTuple(tla.MakeNumber(int32(s)), tla.MakeNumber(int32(x)))
}

// readSig reads sig[<<1, x>>] through h and reports whether it returned before the
// periodic interval (a signal) and TRUE.
func readSig(t *testing.T, h distsys.ArchetypeResource, x int) (woken bool) {
	t.Helper()
	iface := distsys.ArchetypeInterface{}
	leaf, err := h.Index(iface, sigKey(1, x))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	v, err := leaf.ReadValue(iface)
	if err != nil {
		t.Fatal(err)
	}
	h.Commit(iface)
	if !v.AsBool() {
		t.Fatalf("sig read %v", v)
	}
	return time.Since(start) < 100*time.Millisecond
}

func writeSig(t *testing.T, h distsys.ArchetypeResource, x int, commit bool) {
	t.Helper()
	iface := distsys.ArchetypeInterface{}
	leaf, err := h.Index(iface, sigKey(1, x))
	if err != nil {
		t.Fatal(err)
	}
	if err := leaf.WriteValue(iface, tla.MakeBool(true)); err != nil {
		t.Fatal(err)
	}
	if commit {
		h.Commit(iface)
	} else {
		h.Abort(iface)
	}
}

func TestSignals(t *testing.T) {
	s := newSignals(1, 3, 300*time.Millisecond, nil)
	writer, sender2, sender3, commit := s.handle(nil), s.handle(nil), s.handle(nil), s.handle(nil)

	writeSig(t, writer, s.replicateSig(), true)
	if !readSig(t, sender2, 2) || !readSig(t, sender3, 3) {
		t.Error("ReplicateSig did not wake every sender")
	}
	writeSig(t, writer, s.commitSig(), false) // aborted: no signal
	if readSig(t, commit, s.commitSig()) {
		t.Error("an aborted write signalled")
	}
	writeSig(t, writer, 2, true)
	writeSig(t, writer, 2, true) // coalesced with the first
	if !readSig(t, sender2, 2) {
		t.Error("sig <<1, 2>> did not wake sender 2")
	}
	if readSig(t, sender2, 2) {
		t.Error("two signals were not coalesced")
	}
	if readSig(t, sender3, 3) {
		t.Error("sig <<1, 2>> woke sender 3")
	}

	// A level-triggered reader yields at once while ready holds, without consuming.
	ready := true
	lt := s.handle(func(distsys.ArchetypeInterface) (bool, error) { return ready, nil })
	if !readSig(t, lt, s.commitSig()) || !readSig(t, lt, s.commitSig()) {
		t.Error("a ready reader waited")
	}
	ready = false
	if readSig(t, lt, s.commitSig()) {
		t.Error("a reader that is not ready did not wait")
	}
}
