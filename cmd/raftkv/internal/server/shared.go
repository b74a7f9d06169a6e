package server

import (
	"sync"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

// sharedState holds the variables a server's contexts share (hardState, log, state,
// ...) under ONE lock, taken at a context's first access to any of them in a critical
// section and released once every variable it touched has committed (or aborted). This is
// resources.LocalShared with a single lock per server instead of one per variable: the
// archetypes access the variables in different orders, so per-variable two-phase locking
// deadlocks (resolved only by lock timeouts), while with one lock it cannot. Sections
// holding the lock are short: no archetype blocks on a mailbox, timer or signal after
// touching shared state, except for the fsync of a hardState write (the new value is
// visible to the other contexts only once durable, as MakePersistent over LocalShared).
type sharedState struct {
	token   chan struct{} // capacity 1: held by one context at a time
	timeout time.Duration
}

func newSharedState(timeout time.Duration) *sharedState {
	return &sharedState{token: make(chan struct{}, 1), timeout: timeout}
}

// sharedVar is one shared variable.
type sharedVar struct {
	st  *sharedState
	res *distsys.LocalArchetypeResource
}

func (st *sharedState) newVar(v tla.Value) *sharedVar {
	return &sharedVar{st: st, res: distsys.NewLocalArchetypeResource(v)}
}

// ctxLock is one context's hold on the lock: how many of its handles are in use in the
// current section.
type ctxLock struct {
	st    *sharedState
	mu    sync.Mutex
	held  bool
	users int
}

func (st *sharedState) newCtxLock() *ctxLock { return &ctxLock{st: st} }

func (cl *ctxLock) acquire(iface distsys.ArchetypeInterface) error {
	cl.mu.Lock()
	held := cl.held
	cl.mu.Unlock()
	if !held {
		select {
		case cl.st.token <- struct{}{}:
		default:
			timer := time.NewTimer(cl.st.timeout)
			defer timer.Stop()
			select {
			case cl.st.token <- struct{}{}:
			case <-timer.C:
				return distsys.ErrCriticalSectionAborted
			case <-iface.Context().Done():
				return distsys.ErrCriticalSectionAborted
			}
		}
	}
	cl.mu.Lock()
	cl.held = true
	cl.users++
	cl.mu.Unlock()
	return nil
}

// release ends one handle's use; the last one releases the lock.
func (cl *ctxLock) release() {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	cl.users--
	if cl.users == 0 && cl.held {
		cl.held = false
		<-cl.st.token
	}
}

// handle returns a context's handle on v; give each context one ctxLock for all its
// handles.
func (v *sharedVar) handle(cl *ctxLock) *varHandle { return &varHandle{v: v, cl: cl} }

// varHandle is a context's handle on a shared variable (a resources.Persistable, so that
// MakePersistent can wrap it).
type varHandle struct {
	v     *sharedVar
	cl    *ctxLock
	using bool // this handle counts in cl.users
}

var _ resources.Persistable = (*varHandle)(nil)

func (h *varHandle) use(iface distsys.ArchetypeInterface) error {
	if h.using {
		return nil
	}
	if err := h.cl.acquire(iface); err != nil {
		return err
	}
	h.using = true
	return nil
}

func (h *varHandle) ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error) {
	if err := h.use(iface); err != nil {
		return tla.Value{}, err
	}
	return h.v.res.ReadValue(iface)
}

func (h *varHandle) WriteValue(iface distsys.ArchetypeInterface, value tla.Value) error {
	if err := h.use(iface); err != nil {
		return err
	}
	return h.v.res.WriteValue(iface, value)
}

func (h *varHandle) Index(iface distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error) {
	if err := h.use(iface); err != nil {
		return nil, err
	}
	return h.v.res.Index(iface, index)
}

func (h *varHandle) PreCommit(distsys.ArchetypeInterface) chan error { return nil }

func (h *varHandle) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	if h.using {
		h.v.res.Commit(iface)
		h.using = false
		h.cl.release()
	}
	return nil
}

func (h *varHandle) Abort(iface distsys.ArchetypeInterface) chan struct{} {
	if h.using {
		h.v.res.Abort(iface)
		h.using = false
		h.cl.release()
	}
	return nil
}

// Close rolls back and releases a handle still in use (a context stopped mid-section).
func (h *varHandle) Close() error {
	h.Abort(distsys.ArchetypeInterface{})
	return nil
}

func (h *varHandle) GetState() ([]byte, error) { return h.v.res.GetState() }

func (h *varHandle) SetState(state []byte) error { return h.v.res.SetState(state) }
