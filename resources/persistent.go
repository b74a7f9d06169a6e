package resources

import (
	"fmt"
	"log/slog"
	"sync"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/store"
)

// stateSetter is the optional restore half of Persistable (runtime.md §5.9),
// implemented by LocalArchetypeResource and LocalShared handles.
type stateSetter interface {
	SetState(state []byte) error
}

// Persistent is a resource whose committed state lives in a store.DB under
// "pres-<name>" (runtime.md §5.9).
//
//   - Reload: MakePersistent reads the stored state and, if there is one,
//     restores it into the wrapped resource (SetState), so after a crash the
//     resource starts from its last committed state.
//   - Writes, whole-value or through Index, mark the resource dirty; a
//     section that only reads stores nothing.
//   - Durable commit: Commit of a dirty section stores GetState() with
//     CommitAsync (so the commits of many contexts share one fsync through
//     the store's group commit), and only once the store has synced commits
//     the wrapped resource and signals. An acknowledged section therefore
//     survives kill -9, and the new value becomes visible to other contexts
//     (LocalShared) only once it is durable.
//   - A store failure in Commit cannot be reported through the contract: it
//     panics, with an error wrapping the store's, in the goroutine waiting
//     for the store, which ends the process (fail-stop: after a failed sync
//     the durable state is unknown).
//
// Refinement. A Persistent refines the same macro as the resource it wraps
// (a plain variable for a local, a lock-protected shared variable for a
// LocalShared handle) in a model where processes crash and restart: the
// state after a restart equals the state after the last committed section,
// under the assumption that the store's fsync is honoured by the disk.
type Persistent struct {
	name    string
	key     []byte
	db      *store.DB
	wrapped Persistable

	dirty bool // written in the current attempt (Run goroutine only)

	wg sync.WaitGroup // pending commits
}

var _ distsys.ArchetypeResource = (*Persistent)(nil)

// MakePersistent wraps persistable so that its committed state is kept in db
// under "pres-<name>", restoring a stored state first. It panics if the
// stored state cannot be read or restored, or if there is one and
// persistable has no SetState method (a start-up error).
func MakePersistent(name string, db *store.DB, persistable Persistable) distsys.ArchetypeResource {
	p := &Persistent{name: name, key: []byte("pres-" + name), db: db, wrapped: persistable}
	state, found, err := db.Get(p.key)
	if err != nil {
		panic(fmt.Errorf("persistent %s: loading state: %w", name, err))
	}
	if found {
		setter, ok := persistable.(stateSetter)
		if !ok {
			panic(fmt.Errorf("persistent %s: a state is stored but %T cannot restore it (no SetState method)", name, persistable))
		}
		if err := setter.SetState(state); err != nil {
			panic(fmt.Errorf("persistent %s: restoring state: %w", name, err))
		}
	}
	return p
}

func (p *Persistent) ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error) {
	return p.wrapped.ReadValue(iface)
}

func (p *Persistent) WriteValue(iface distsys.ArchetypeInterface, value tla.Value) error {
	if err := p.wrapped.WriteValue(iface, value); err != nil {
		return err
	}
	p.dirty = true
	return nil
}

// Index returns the wrapped resource's child, wrapped so that a write
// through it marks this resource dirty.
func (p *Persistent) Index(iface distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error) {
	child, err := p.wrapped.Index(iface, index)
	if err != nil {
		return nil, err
	}
	return &persistentChild{owner: p, ArchetypeResource: child}, nil
}

func (p *Persistent) PreCommit(iface distsys.ArchetypeInterface) chan error {
	return p.wrapped.PreCommit(iface)
}

// Commit stores the state durably, then commits the wrapped resource.
func (p *Persistent) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	if !p.dirty {
		return p.wrapped.Commit(iface)
	}
	p.dirty = false
	state, err := p.wrapped.GetState()
	if err != nil {
		panic(fmt.Errorf("persistent %s: encoding state: %w", p.name, err))
	}
	var b store.Batch
	b.Put(p.key, state)
	stored := p.db.CommitAsync(&b)
	done := make(chan struct{})
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer close(done)
		if err := <-stored; err != nil {
			panic(fmt.Errorf("persistent %s: storing state: %w", p.name, err))
		}
		// The engine waits for done before touching the resource again, so
		// committing the wrapped resource here does not race with it.
		if ch := p.wrapped.Commit(iface); ch != nil {
			<-ch
		}
	}()
	return done
}

func (p *Persistent) Abort(iface distsys.ArchetypeInterface) chan struct{} {
	p.dirty = false
	return p.wrapped.Abort(iface)
}

// Close waits for a pending commit (bounded by one store sync) and closes
// the wrapped resource.
func (p *Persistent) Close() error {
	if !waitBounded(&p.wg, closeWait) {
		slog.Warn("persistent: a commit is still waiting for the store", "name", p.name)
	}
	return p.wrapped.Close()
}

// persistentChild is a child of a Persistent's wrapped resource; writing it
// marks the Persistent dirty.
type persistentChild struct {
	owner *Persistent
	distsys.ArchetypeResource
}

func (c *persistentChild) WriteValue(iface distsys.ArchetypeInterface, value tla.Value) error {
	if err := c.ArchetypeResource.WriteValue(iface, value); err != nil {
		return err
	}
	c.owner.dirty = true
	return nil
}

func (c *persistentChild) Index(iface distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error) {
	child, err := c.ArchetypeResource.Index(iface, index)
	if err != nil {
		return nil, err
	}
	return &persistentChild{owner: c.owner, ArchetypeResource: child}, nil
}
