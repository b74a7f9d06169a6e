package resources

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/hashmap"
	"github.com/mpgo/mpgo/distsys/tla"
)

// AliveQuery answers whether a replica is currently believed alive. A
// *FailureDetector is one; AliveFunc adapts any function.
type AliveQuery interface {
	Alive(id tla.Value) bool
}

// AliveFunc adapts a function to AliveQuery.
type AliveFunc func(id tla.Value) bool

// Alive calls f.
func (f AliveFunc) Alive(id tla.Value) bool { return f(id) }

// LeaderElectionOption configures NewLeaderElection.
type LeaderElectionOption func(*LeaderElection)

// WithLeaderElectionReplicas sets the candidate replicas (required).
func WithLeaderElectionReplicas(replicas ...tla.Value) LeaderElectionOption {
	return func(le *LeaderElection) { le.replicas = append(le.replicas, replicas...) }
}

// WithLeaderElectionAlive sets the liveness oracle (required): a
// *FailureDetector, or AliveFunc(f) for any function.
func WithLeaderElectionAlive(q AliveQuery) LeaderElectionOption {
	return func(le *LeaderElection) { le.alive = q }
}

// ErrNoLiveReplica wraps ErrCriticalSectionAborted: every replica was
// removed or is suspected, so there is no primary to read (the section
// retries).
var ErrNoLiveReplica = fmt.Errorf("%w: leader election: no live replica", distsys.ErrCriticalSectionAborted)

// LeaderElection is the primary of primary-backup replication: a read
// yields the lowest replica id (in TLA+ value order) that is neither removed
// nor reported failed by the liveness oracle; writing a replica's id removes
// it for good (at Commit; Abort forgets the write). A replica the oracle
// reports failed when a read looks at it is removed for good too, so the
// primary only moves forward: once a replica is passed over, it is never
// primary again in this process, even if the oracle later reports it alive
// (which, without accuracy, it may). Reads never block; with no candidate
// left, a read aborts the section (ErrNoLiveReplica).
//
// Refinement. It refines the models' leader-election macro
//
//	mapping macro LeaderElection {   \* $variable: the set of replicas not known to have crashed
//	    read  { yield Min($variable); }
//	    write { yield $variable \ {$value}; }
//	}
//
// where, besides the archetype's own writes, the environment removes a
// replica from $variable when the failure detector reports it failed (the
// removal a reading archetype would do itself after `await fd[p]`). Removals
// through writes are transactional; removals by reads are observations of
// the environment and take effect at once. With a failure detector that
// refines PerfectFD (see SingleFailureDetector) only crashed replicas are
// removed, and a crashed primary is replaced within the detection delay.
//
// One LeaderElection serves one context (the per-attempt write buffer is not
// shared); Primary may be called from other goroutines if the oracle allows
// it (a *FailureDetector, like any IncMap, belongs to one goroutine).
type LeaderElection struct {
	distsys.ArchetypeResourceLeafMixin
	replicas []tla.Value // sorted
	alive    AliveQuery

	mu      sync.Mutex
	removed *hashmap.HashMap[bool]

	pending []tla.Value // ids written in the current attempt (Run goroutine only)
}

var _ distsys.ArchetypeResource = (*LeaderElection)(nil)

// NewLeaderElection returns the election over the replicas of
// WithLeaderElectionReplicas, driven by the oracle of WithLeaderElectionAlive;
// both are required and it panics without them.
//
// PGo's NewLeaderElection() takes no arguments and returns a stub whose reads
// yield 1 and whose writes panic, so its pbkvs never fails over. A real
// election needs the replica set and a liveness oracle, so mpgo keeps the
// name with options instead; a zero-argument call compiles but panics,
// explaining what to pass.
func NewLeaderElection(opts ...LeaderElectionOption) *LeaderElection {
	le := &LeaderElection{removed: hashmap.New[bool]()}
	for _, opt := range opts {
		opt(le)
	}
	if len(le.replicas) == 0 || le.alive == nil {
		panic(errors.New("NewLeaderElection: pass WithLeaderElectionReplicas(ids...) and " +
			"WithLeaderElectionAlive(failureDetector or AliveFunc(f)); mpgo has no stub election"))
	}
	le.replicas = slices.Clone(le.replicas)
	slices.SortFunc(le.replicas, tla.Value.Compare)
	le.replicas = slices.CompactFunc(le.replicas, tla.Value.Equal)
	return le
}

// Primary returns the current primary, removing every lower replica the
// oracle reports failed; ok is false when no replica is left. It ignores the
// writes of an open attempt.
func (le *LeaderElection) Primary() (primary tla.Value, ok bool) {
	return le.primary(nil)
}

func (le *LeaderElection) primary(pending []tla.Value) (tla.Value, bool) {
	le.mu.Lock()
	defer le.mu.Unlock()
	for _, r := range le.replicas {
		if _, gone := le.removed.Get(r); gone {
			continue
		}
		if slices.ContainsFunc(pending, r.Equal) {
			continue // removed by this attempt (tentatively)
		}
		if !le.alive.Alive(r) {
			le.removed.Set(r, true) // monotonic: passed over for good
			continue
		}
		return r, true
	}
	return tla.Value{}, false
}

// ReadValue yields the primary: the lowest replica still a candidate.
func (le *LeaderElection) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	p, ok := le.primary(le.pending)
	if !ok {
		return tla.Value{}, ErrNoLiveReplica
	}
	return p, nil
}

// WriteValue removes replica value (tentatively until Commit); an id that is
// not a replica changes nothing, as in the macro's set difference.
func (le *LeaderElection) WriteValue(_ distsys.ArchetypeInterface, value tla.Value) error {
	le.pending = append(le.pending, value.StripVClock())
	return nil
}

func (le *LeaderElection) PreCommit(distsys.ArchetypeInterface) chan error { return nil }

// Commit makes the attempt's removals permanent.
func (le *LeaderElection) Commit(distsys.ArchetypeInterface) chan struct{} {
	if len(le.pending) > 0 {
		le.mu.Lock()
		for _, id := range le.pending {
			le.removed.Set(id, true)
		}
		le.mu.Unlock()
		clear(le.pending)
		le.pending = le.pending[:0]
	}
	return nil
}

// Abort forgets the attempt's removals.
func (le *LeaderElection) Abort(distsys.ArchetypeInterface) chan struct{} {
	clear(le.pending)
	le.pending = le.pending[:0]
	return nil
}

// Close does nothing: the oracle (a failure detector) is closed by its owner.
func (le *LeaderElection) Close() error { return nil }
