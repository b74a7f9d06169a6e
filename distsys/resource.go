package distsys

import "github.com/mpgo/mpgo/distsys/tla"

// ArchetypeResourceHandle names a resource registered in a context (runtime.md §3.2).
type ArchetypeResourceHandle string

// ArchetypeResource is the contract between the engine and the state an
// archetype reads and writes (runtime.md §4). Effects are tentative until
// Commit; Abort restores the last committed state; ReadValue, WriteValue and
// Index never block without bound (they return ErrCriticalSectionAborted when
// not ready); PreCommit may fail with ErrCriticalSectionAborted, Commit may
// not. A nil channel means "done now".
type ArchetypeResource interface {
	Abort(iface ArchetypeInterface) chan struct{}
	PreCommit(iface ArchetypeInterface) chan error
	Commit(iface ArchetypeInterface) chan struct{}
	ReadValue(iface ArchetypeInterface) (tla.Value, error)
	WriteValue(iface ArchetypeInterface, value tla.Value) error
	Index(iface ArchetypeInterface, index tla.Value) (ArchetypeResource, error)
	Close() error
}

// ArchetypeResourceLeafMixin gives a resource that cannot be indexed its Index.
type ArchetypeResourceLeafMixin struct{}

// Index returns ErrArchetypeResourceLeafIndexed.
func (ArchetypeResourceLeafMixin) Index(ArchetypeInterface, tla.Value) (ArchetypeResource, error) {
	return nil, ErrArchetypeResourceLeafIndexed
}

// ArchetypeResourceMapMixin gives a map-like resource (only accessed through
// Index) its whole-value accessors.
type ArchetypeResourceMapMixin struct{}

// ReadValue returns ErrArchetypeResourceMapReadWrite.
func (ArchetypeResourceMapMixin) ReadValue(ArchetypeInterface) (tla.Value, error) {
	return tla.Value{}, ErrArchetypeResourceMapReadWrite
}

// WriteValue returns ErrArchetypeResourceMapReadWrite.
func (ArchetypeResourceMapMixin) WriteValue(ArchetypeInterface, tla.Value) error {
	return ErrArchetypeResourceMapReadWrite
}

// oldValueReporter is the unexported hook through which a resource reports
// the value a write is about to overwrite, traced as "oldValue".
type oldValueReporter interface {
	currentValue() (tla.Value, bool)
}
