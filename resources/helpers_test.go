package resources_test

import (
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

// zero is the ArchetypeInterface resources may be driven with directly.
var zero distsys.ArchetypeInterface

const waitLimit = 10 * time.Second

func num(n int32) tla.Value { return tla.MakeNumber(n) }

func tup(vs ...tla.Value) tla.Value { return tla.MakeTuple(vs...) }

func str(s string) tla.Value { return tla.MakeString(s) }

func preCommit(t *testing.T, r distsys.ArchetypeResource) error {
	t.Helper()
	ch := r.PreCommit(zero)
	if ch == nil {
		return nil
	}
	select {
	case err := <-ch:
		return err
	case <-time.After(waitLimit):
		t.Fatal("PreCommit did not complete")
		return nil
	}
}

func awaitDone(t *testing.T, what string, ch chan struct{}) {
	t.Helper()
	if ch == nil {
		return
	}
	select {
	case <-ch:
	case <-time.After(waitLimit):
		t.Fatalf("%s did not complete", what)
	}
}

func commit(t *testing.T, r distsys.ArchetypeResource) {
	t.Helper()
	awaitDone(t, "Commit", r.Commit(zero))
}

func abort(t *testing.T, r distsys.ArchetypeResource) {
	t.Helper()
	awaitDone(t, "Abort", r.Abort(zero))
}

// section runs PreCommit then Commit (or Abort if PreCommit failed) on r and
// returns the PreCommit error.
func section(t *testing.T, r distsys.ArchetypeResource) error {
	t.Helper()
	if err := preCommit(t, r); err != nil {
		abort(t, r)
		return err
	}
	commit(t, r)
	return nil
}

func mustRead(t *testing.T, r distsys.ArchetypeResource) tla.Value {
	t.Helper()
	v, err := r.ReadValue(zero)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return v
}

func index(t *testing.T, r distsys.ArchetypeResource, i tla.Value) distsys.ArchetypeResource {
	t.Helper()
	c, err := r.Index(zero, i)
	if err != nil {
		t.Fatalf("index %v: %v", i, err)
	}
	return c
}

func assertValue(t *testing.T, what string, got, want tla.Value) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
