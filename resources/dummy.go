package resources

import (
	"errors"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

// Dummy stands in for any resource: reads return a fixed value (the zero
// Value by default), writes are ignored, and Index returns the Dummy itself.
type Dummy struct {
	value tla.Value
}

// DummyOption configures a Dummy.
type DummyOption func(d *Dummy)

// WithDummyValue sets the value reads return.
func WithDummyValue(v tla.Value) DummyOption {
	return func(d *Dummy) { d.value = v }
}

var _ distsys.ArchetypeResource = (*Dummy)(nil)

// NewDummy returns a Dummy.
func NewDummy(opts ...DummyOption) *Dummy {
	d := &Dummy{}
	for _, opt := range opts {
		opt(d)
	}
	return d
}

func (d *Dummy) Abort(distsys.ArchetypeInterface) chan struct{}  { return nil }
func (d *Dummy) PreCommit(distsys.ArchetypeInterface) chan error { return nil }
func (d *Dummy) Commit(distsys.ArchetypeInterface) chan struct{} { return nil }
func (d *Dummy) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	return d.value, nil
}
func (d *Dummy) WriteValue(distsys.ArchetypeInterface, tla.Value) error { return nil }
func (d *Dummy) Index(distsys.ArchetypeInterface, tla.Value) (distsys.ArchetypeResource, error) {
	return d, nil
}
func (d *Dummy) Close() error { return nil }

// ErrPlaceHolderAccess is the panic value of every PlaceHolder operation but
// Close.
var ErrPlaceHolderAccess = errors.New("no access is allowed to PlaceHolder")

// PlaceHolder fills a parameter that is declared but never touched.
type PlaceHolder struct{}

var _ distsys.ArchetypeResource = (*PlaceHolder)(nil)

// NewPlaceHolder returns a PlaceHolder.
func NewPlaceHolder() distsys.ArchetypeResource { return &PlaceHolder{} }

func (*PlaceHolder) Abort(distsys.ArchetypeInterface) chan struct{} { panic(ErrPlaceHolderAccess) }
func (*PlaceHolder) PreCommit(distsys.ArchetypeInterface) chan error {
	panic(ErrPlaceHolderAccess)
}
func (*PlaceHolder) Commit(distsys.ArchetypeInterface) chan struct{} { panic(ErrPlaceHolderAccess) }
func (*PlaceHolder) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	panic(ErrPlaceHolderAccess)
}
func (*PlaceHolder) WriteValue(distsys.ArchetypeInterface, tla.Value) error {
	panic(ErrPlaceHolderAccess)
}
func (*PlaceHolder) Index(distsys.ArchetypeInterface, tla.Value) (distsys.ArchetypeResource, error) {
	panic(ErrPlaceHolderAccess)
}
func (*PlaceHolder) Close() error { return nil }
