package resources

import (
	"errors"
	"fmt"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/hashmap"
	"github.com/mpgo/mpgo/distsys/tla"
)

// childSet tracks the children one attempt touched and fans the commit-phase
// calls out to them (runtime.md §4 rule 5). It is shared by IncMap and HashMap.
type childSet struct {
	touched *hashmap.HashMap[distsys.ArchetypeResource]
}

func newChildSet() childSet {
	return childSet{touched: hashmap.New[distsys.ArchetypeResource]()}
}

func (cs *childSet) touch(index tla.Value, child distsys.ArchetypeResource) {
	if _, ok := cs.touched.Get(index); !ok {
		cs.touched.Set(index, child)
	}
}

// take returns the touched children and forgets them: the engine waits for
// the phase to finish before the next attempt, so clearing now is safe.
func (cs *childSet) take() []distsys.ArchetypeResource {
	if cs.touched.Len() == 0 {
		return nil
	}
	children := make([]distsys.ArchetypeResource, 0, cs.touched.Len())
	for _, c := range cs.touched.All() {
		children = append(children, c)
	}
	cs.touched.Clear()
	return children
}

func (cs *childSet) preCommit(iface distsys.ArchetypeInterface) chan error {
	if cs.touched.Len() == 0 {
		return nil
	}
	var chans []chan error
	for _, c := range cs.touched.All() {
		if ch := c.PreCommit(iface); ch != nil {
			chans = append(chans, ch)
		}
	}
	if len(chans) == 0 {
		return nil
	}
	out := make(chan error, 1)
	go func() {
		// Every child is awaited (each yields exactly once); the first error wins.
		var first error
		for _, ch := range chans {
			if err := <-ch; err != nil && first == nil {
				first = err
			}
		}
		out <- first
	}()
	return out
}

func fanOutDone(children []distsys.ArchetypeResource, call func(distsys.ArchetypeResource) chan struct{}) chan struct{} {
	var chans []chan struct{}
	for _, c := range children {
		if ch := call(c); ch != nil {
			chans = append(chans, ch)
		}
	}
	if len(chans) == 0 {
		return nil
	}
	out := make(chan struct{})
	go func() {
		for _, ch := range chans {
			<-ch
		}
		close(out)
	}()
	return out
}

func (cs *childSet) commit(iface distsys.ArchetypeInterface) chan struct{} {
	return fanOutDone(cs.take(), func(c distsys.ArchetypeResource) chan struct{} { return c.Commit(iface) })
}

func (cs *childSet) abort(iface distsys.ArchetypeInterface) chan struct{} {
	return fanOutDone(cs.take(), func(c distsys.ArchetypeResource) chan struct{} { return c.Abort(iface) })
}

// FillFn creates the resource at an index of an IncMap on first use.
type FillFn func(index tla.Value) distsys.ArchetypeResource

// IncMap is a lazily filled map of resources: the first Index(i) calls the
// fill function and caches the child. It is the standard adaptor for
// ref x[_] parameters. Whole-value reads and writes return
// ErrArchetypeResourceMapReadWrite.
type IncMap struct {
	distsys.ArchetypeResourceMapMixin
	fill     FillFn
	realized *hashmap.HashMap[distsys.ArchetypeResource]
	children childSet
}

var _ distsys.ArchetypeResource = (*IncMap)(nil)

// NewIncMap returns an empty IncMap filled by fillFunction.
func NewIncMap(fillFunction FillFn) *IncMap {
	return &IncMap{
		fill:     fillFunction,
		realized: hashmap.New[distsys.ArchetypeResource](),
		children: newChildSet(),
	}
}

// child returns the child at index, creating it if needed, without marking
// it touched.
func (res *IncMap) child(index tla.Value) distsys.ArchetypeResource {
	if c, ok := res.realized.Get(index); ok {
		return c
	}
	c := res.fill(index)
	res.realized.Set(index, c)
	return c
}

// Index returns the child at index and marks it touched in this attempt.
func (res *IncMap) Index(_ distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error) {
	c := res.child(index)
	res.children.touch(index, c)
	return c, nil
}

// PreCommit forwards to the touched children concurrently; the first error wins.
func (res *IncMap) PreCommit(iface distsys.ArchetypeInterface) chan error {
	return res.children.preCommit(iface)
}

// Commit forwards to the touched children concurrently.
func (res *IncMap) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	return res.children.commit(iface)
}

// Abort forwards to the touched children concurrently.
func (res *IncMap) Abort(iface distsys.ArchetypeInterface) chan struct{} {
	return res.children.abort(iface)
}

// Close closes every child ever created.
func (res *IncMap) Close() error {
	var errs []error
	for k, c := range res.realized.All() {
		if err := c.Close(); err != nil {
			errs = append(errs, fmt.Errorf("index %v: %w", k, err))
		}
	}
	return errors.Join(errs...)
}

// HashMap exposes a fixed, pre-filled map of resources (for instance failure
// detectors shared between clients) as one resource. Indexing a missing key
// panics.
type HashMap struct {
	distsys.ArchetypeResourceMapMixin
	resources *hashmap.HashMap[distsys.ArchetypeResource]
	children  childSet
}

var _ distsys.ArchetypeResource = (*HashMap)(nil)

// NewHashMap wraps resourceMap, which the HashMap then owns (Close closes its
// elements).
func NewHashMap(resourceMap *hashmap.HashMap[distsys.ArchetypeResource]) *HashMap {
	return &HashMap{resources: resourceMap, children: newChildSet()}
}

// Index returns the element at index; a missing key panics.
func (res *HashMap) Index(_ distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error) {
	c, ok := res.resources.Get(index)
	if !ok {
		panic(fmt.Errorf("%w: index %v is not in the resource map", tla.ErrTLAType, index))
	}
	res.children.touch(index, c)
	return c, nil
}

// PreCommit forwards to the touched elements concurrently.
func (res *HashMap) PreCommit(iface distsys.ArchetypeInterface) chan error {
	return res.children.preCommit(iface)
}

// Commit forwards to the touched elements concurrently.
func (res *HashMap) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	return res.children.commit(iface)
}

// Abort forwards to the touched elements concurrently.
func (res *HashMap) Abort(iface distsys.ArchetypeInterface) chan struct{} {
	return res.children.abort(iface)
}

// Close closes every element (shared elements must tolerate one Close per
// holder).
func (res *HashMap) Close() error {
	var errs []error
	for k, c := range res.resources.All() {
		if err := c.Close(); err != nil {
			errs = append(errs, fmt.Errorf("index %v: %w", k, err))
		}
	}
	return errors.Join(errs...)
}
