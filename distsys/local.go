package distsys

import (
	"slices"

	"github.com/mpgo/mpgo/distsys/tla"
)

// LocalArchetypeResource is an archetype-local variable: a committed and a
// current value. It alone mixes whole-value access with Index, whose
// sub-resources read and write a path inside the value.
type LocalArchetypeResource struct {
	committed, value tla.Value
}

var (
	_ ArchetypeResource = (*LocalArchetypeResource)(nil)
	_ oldValueReporter  = (*LocalArchetypeResource)(nil)
)

// NewLocalArchetypeResource returns a local holding value (committed).
func NewLocalArchetypeResource(value tla.Value) *LocalArchetypeResource {
	return &LocalArchetypeResource{committed: value, value: value}
}

// Abort restores the committed value.
func (res *LocalArchetypeResource) Abort(ArchetypeInterface) chan struct{} {
	res.value = res.committed
	return nil
}

// PreCommit always succeeds.
func (res *LocalArchetypeResource) PreCommit(ArchetypeInterface) chan error { return nil }

// Commit makes the current value the committed one.
func (res *LocalArchetypeResource) Commit(ArchetypeInterface) chan struct{} {
	res.committed = res.value
	return nil
}

// ReadValue returns the current value.
func (res *LocalArchetypeResource) ReadValue(ArchetypeInterface) (tla.Value, error) {
	return res.value, nil
}

// WriteValue replaces the current value.
func (res *LocalArchetypeResource) WriteValue(_ ArchetypeInterface, value tla.Value) error {
	res.value = value
	return nil
}

// Index returns the sub-resource at res[index].
func (res *LocalArchetypeResource) Index(_ ArchetypeInterface, index tla.Value) (ArchetypeResource, error) {
	return &localSubResource{root: res, path: []tla.Value{index}}, nil
}

// Close does nothing.
func (res *LocalArchetypeResource) Close() error { return nil }

// GetState returns the binary encoding of the current value (the value about
// to be committed when a persistence wrapper asks during Commit).
func (res *LocalArchetypeResource) GetState() ([]byte, error) {
	return res.value.MarshalBinary()
}

// SetState (mpgo addition, runtime.md §5.9) sets both the committed and the
// current value from GetState's encoding.
func (res *LocalArchetypeResource) SetState(state []byte) error {
	var v tla.Value
	if err := v.UnmarshalBinary(state); err != nil {
		return err
	}
	res.committed, res.value = v, v
	return nil
}

func (res *LocalArchetypeResource) currentValue() (tla.Value, bool) { return res.value, true }

// localSubResource is the path root[path[0]]…[path[n-1]]. Its commit-phase
// methods do nothing: the engine tracks the root, which is dirty.
type localSubResource struct {
	root *LocalArchetypeResource
	path []tla.Value
}

var _ oldValueReporter = (*localSubResource)(nil)

func (sub *localSubResource) Abort(ArchetypeInterface) chan struct{}  { return nil }
func (sub *localSubResource) PreCommit(ArchetypeInterface) chan error { return nil }
func (sub *localSubResource) Commit(ArchetypeInterface) chan struct{} { return nil }
func (sub *localSubResource) Close() error                            { return nil }
func (sub *localSubResource) ReadValue(ArchetypeInterface) (tla.Value, error) {
	v := sub.root.value
	for _, k := range sub.path {
		v = v.ApplyFunction(k) // outside the domain: a TLA+ type error (panic)
	}
	return v, nil
}

// WriteValue substitutes along the path; a key outside the domain panics
// (EXCEPT never extends a domain).
func (sub *localSubResource) WriteValue(_ ArchetypeInterface, value tla.Value) error {
	sub.root.value = tla.FunctionSubstitution(sub.root.value, []tla.FunctionSubstitutionRecord{{
		Keys:  sub.path,
		Value: func(tla.Value) tla.Value { return value },
	}})
	return nil
}

func (sub *localSubResource) Index(_ ArchetypeInterface, index tla.Value) (ArchetypeResource, error) {
	return &localSubResource{root: sub.root, path: append(slices.Clip(sub.path), index)}, nil
}

func (sub *localSubResource) currentValue() (tla.Value, bool) {
	v := sub.root.value
	for _, k := range sub.path {
		if !v.IsFunction() {
			return tla.Value{}, false
		}
		var ok bool
		if v, ok = v.LookupFunction(k); !ok {
			return tla.Value{}, false
		}
	}
	return v, true
}
