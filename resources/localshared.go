package resources

import (
	"sync"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

// Persistable is a resource whose committed state can be saved (runtime.md
// §5.9). Resources that can also be restored implement SetState([]byte) error.
type Persistable interface {
	distsys.ArchetypeResource
	GetState() ([]byte, error)
}

// LocalSharedManager is one value shared by the contexts of a process, each
// through its own handle (MakeLocalShared). Handles use strict two-phase
// locking: the lock is taken at a handle's first access in a section and held
// until its Commit or Abort.
type LocalSharedManager struct {
	resource *distsys.LocalArchetypeResource
	lock     chan struct{} // capacity 1: a token held by the locking handle
	timeout  time.Duration
}

// LocalSharedManagerOption configures a LocalSharedManager.
type LocalSharedManagerOption func(*LocalSharedManager)

// WithLocalSharedResourceTimeout sets how long a handle waits for the lock
// before aborting its section (50 ms); deadlocks become retries.
func WithLocalSharedResourceTimeout(t time.Duration) LocalSharedManagerOption {
	return func(sv *LocalSharedManager) { sv.timeout = t }
}

// NewLocalSharedManager returns a manager holding value.
func NewLocalSharedManager(value tla.Value, opts ...LocalSharedManagerOption) *LocalSharedManager {
	sv := &LocalSharedManager{
		resource: distsys.NewLocalArchetypeResource(value),
		lock:     make(chan struct{}, 1),
		timeout:  50 * time.Millisecond,
	}
	for _, opt := range opts {
		opt(sv)
	}
	return sv
}

// MakeLocalShared returns a new handle; give each context its own.
func (sv *LocalSharedManager) MakeLocalShared() Persistable {
	return &LocalShared{manager: sv}
}

// LocalShared is one context's handle on a LocalSharedManager.
type LocalShared struct {
	manager *LocalSharedManager
	mu      sync.Mutex // guards held against Close from another goroutine
	held    bool
}

var _ Persistable = (*LocalShared)(nil)

func (res *LocalShared) acquire(iface distsys.ArchetypeInterface) error {
	if res.held {
		return nil
	}
	select {
	case res.manager.lock <- struct{}{}:
	default:
		timer := time.NewTimer(res.manager.timeout)
		defer timer.Stop()
		select {
		case res.manager.lock <- struct{}{}:
		case <-timer.C:
			return distsys.ErrCriticalSectionAborted
		case <-iface.Context().Done():
			return distsys.ErrCriticalSectionAborted
		}
	}
	res.mu.Lock()
	res.held = true
	res.mu.Unlock()
	return nil
}

func (res *LocalShared) release() {
	res.mu.Lock()
	defer res.mu.Unlock()
	if res.held {
		res.held = false
		<-res.manager.lock
	}
}

// ReadValue locks, then reads the shared value.
func (res *LocalShared) ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error) {
	if err := res.acquire(iface); err != nil {
		return tla.Value{}, err
	}
	return res.manager.resource.ReadValue(iface)
}

// WriteValue locks, then writes the shared value (tentatively).
func (res *LocalShared) WriteValue(iface distsys.ArchetypeInterface, value tla.Value) error {
	if err := res.acquire(iface); err != nil {
		return err
	}
	return res.manager.resource.WriteValue(iface, value)
}

// Index locks, then indexes the shared value.
func (res *LocalShared) Index(iface distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error) {
	if err := res.acquire(iface); err != nil {
		return nil, err
	}
	return res.manager.resource.Index(iface, index)
}

// PreCommit always succeeds.
func (res *LocalShared) PreCommit(distsys.ArchetypeInterface) chan error { return nil }

// Commit commits the shared value and releases the lock.
func (res *LocalShared) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	if res.held {
		res.manager.resource.Commit(iface)
		res.release()
	}
	return nil
}

// Abort rolls the shared value back and releases the lock.
func (res *LocalShared) Abort(iface distsys.ArchetypeInterface) chan struct{} {
	if res.held {
		res.manager.resource.Abort(iface)
		res.release()
	}
	return nil
}

// Close releases the lock if this handle still holds it (a context stopped
// mid-section), rolling back its uncommitted writes. It is idempotent.
func (res *LocalShared) Close() error {
	res.mu.Lock()
	held := res.held
	res.mu.Unlock()
	if held {
		res.manager.resource.Abort(distsys.ArchetypeInterface{})
		res.release()
	}
	return nil
}

// GetState returns the encoding of the shared value.
func (res *LocalShared) GetState() ([]byte, error) {
	return res.manager.resource.GetState()
}

// SetState restores the shared value (committed and current); every handle of
// the manager sees it.
func (res *LocalShared) SetState(state []byte) error {
	return res.manager.resource.SetState(state)
}
