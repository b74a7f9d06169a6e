package server

import (
	"sync/atomic"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

// mirrored wraps a context's handle on a shared number variable v (such as commitIndex,
// written only as v[srv] := x) and publishes every committed write to an atomic, so that
// other code can observe the variable without taking its lock.
type mirrored struct {
	resources.Persistable
	mirror  *atomic.Int64
	pending *tla.Value // written in the current attempt
}

func (m *mirrored) Index(iface distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error) {
	child, err := m.Persistable.Index(iface, index)
	if err != nil {
		return nil, err
	}
	return &mirroredChild{ArchetypeResource: child, owner: m}, nil
}

func (m *mirrored) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	ch := m.Persistable.Commit(iface)
	if m.pending != nil {
		m.mirror.Store(int64(m.pending.AsNumber()))
		m.pending = nil
	}
	return ch
}

func (m *mirrored) Abort(iface distsys.ArchetypeInterface) chan struct{} {
	m.pending = nil
	return m.Persistable.Abort(iface)
}

type mirroredChild struct {
	distsys.ArchetypeResource
	owner *mirrored
}

func (c *mirroredChild) WriteValue(iface distsys.ArchetypeInterface, value tla.Value) error {
	if err := c.ArchetypeResource.WriteValue(iface, value); err != nil {
		return err
	}
	v := value.StripVClock()
	c.owner.pending = &v
	return nil
}
