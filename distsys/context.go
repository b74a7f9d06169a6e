package distsys

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/distsys/trace"
)

// The runtime-internal resources (runtime.md §3.2).
const (
	pcHandle    ArchetypeResourceHandle = ".pc"
	stackHandle ArchetypeResourceHandle = ".stack"
)

// lifecycle states of a context.
const (
	stateInitial = iota // Run not called yet
	stateRunning        // inside Run
	stateDone           // Run returned, or Stop before Run: resources closed
)

type dirtyEntry struct {
	handle   ArchetypeResourceHandle
	resource ArchetypeResource
}

// MPCalContext is one running archetype instance: its resources, constants,
// fairness counter and lifecycle. Build it with NewMPCalContext, run it with
// Run on one goroutine, and stop it with Stop from any goroutine.
type MPCalContext struct {
	archetype    MPCalArchetype
	hasArchetype bool
	self         tla.Value

	resources     map[ArchetypeResourceHandle]ArchetypeResource
	resourceOrder []ArchetypeResourceHandle // registration order, for deterministic Close
	labels        map[string]tla.Value      // section name -> its string value (Goto without allocation)
	constantDefns map[string]func(args ...tla.Value) tla.Value

	fairnessCounter FairnessCounter
	eventState      trace.EventState
	vclockSink      trace.VClockSink
	clocksOn        bool
	disruptMean     time.Duration

	// per-attempt state, used only on the Run goroutine
	dirty        []dirtyEntry
	inSection    bool
	errChans     []chan error
	doneChans    []chan struct{}
	currentLabel string

	// lifecycle
	cancelCtx        context.Context
	cancel           context.CancelFunc
	stopRequested    atomic.Bool
	closed           atomic.Bool // resources closed: Read and Write return ErrContextClosed
	mu               sync.Mutex
	state            int
	stoppedBeforeRun bool
	ranAfterStop     bool
	done             chan struct{} // closed once Run has returned (or Stop before Run has closed everything)
}

// MPCalContextConfigFn configures a context; NewMPCalContext applies them in
// order.
type MPCalContextConfigFn func(ctx *MPCalContext)

func newContext(self tla.Value, configFns []MPCalContextConfigFn) *MPCalContext {
	ctx := &MPCalContext{
		self:            self,
		resources:       make(map[ArchetypeResourceHandle]ArchetypeResource),
		constantDefns:   make(map[string]func(args ...tla.Value) tla.Value),
		fairnessCounter: MakeRoundRobinFairnessCounter(),
		done:            make(chan struct{}),
	}
	ctx.cancelCtx, ctx.cancel = context.WithCancel(context.Background())
	return ctx
}

// NewMPCalContext builds a context running archetype as self. It installs
// .pc (at archetype.Label) and .stack (<<>>), honours PGO_TRACE_DIR and
// PGO_DISRUPT_CONCURRENCY, then applies configFns in order.
func NewMPCalContext(self tla.Value, archetype MPCalArchetype, configFns ...MPCalContextConfigFn) *MPCalContext {
	ctx := newContext(self, configFns)
	ctx.archetype = archetype
	ctx.hasArchetype = true
	ctx.labels = make(map[string]tla.Value, len(archetype.JumpTable))
	for name := range archetype.JumpTable {
		ctx.labels[name] = tla.MakeString(name)
	}
	ctx.eventState.ArchetypeName = archetype.Name
	ctx.eventState.ArchetypeSelf = self
	ctx.ensureArchetypeResource(pcHandle, NewLocalArchetypeResource(tla.MakeString(archetype.Label)))
	ctx.ensureArchetypeResource(stackHandle, NewLocalArchetypeResource(tla.MakeTuple()))

	if dir := os.Getenv("PGO_TRACE_DIR"); dir != "" {
		ctx.vclockSink.SetEnabled(true)
		ctx.clocksOn = true
		ctx.eventState.Recorder = trace.MakeLocalFileRecorderFromName(filepath.Join(dir, traceFileName(self)))
	}
	if s := os.Getenv("PGO_DISRUPT_CONCURRENCY"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			panic(fmt.Errorf("distsys: PGO_DISRUPT_CONCURRENCY=%q: %w", s, err))
		}
		ctx.disruptMean = d
	}
	for _, fn := range configFns {
		fn(ctx)
	}
	return ctx
}

// traceFileName is trace-<self without quotes>-<random>.log.
func traceFileName(self tla.Value) string {
	s := strings.NewReplacer(`"`, "", "/", "_", string(os.PathSeparator), "_").Replace(self.String())
	return fmt.Sprintf("trace-%s-%016x.log", s, rand.Uint64())
}

// NewMPCalContextWithoutArchetype builds a context that only holds constants,
// so Go code can evaluate generated definitions through IFace(). It cannot Run.
func NewMPCalContextWithoutArchetype(configFns ...MPCalContextConfigFn) *MPCalContext {
	ctx := newContext(tla.Value{}, configFns)
	for _, fn := range configFns {
		fn(ctx)
	}
	return ctx
}

// EnsureMPCalContextConfigs bundles several config functions into one.
func EnsureMPCalContextConfigs(configs ...MPCalContextConfigFn) MPCalContextConfigFn {
	return func(ctx *MPCalContext) {
		for _, fn := range configs {
			fn(ctx)
		}
	}
}

// EnsureArchetypeRefParam binds ref parameter name (without "Arch.") to res:
// "&Arch.name" is res and "Arch.name" a local holding the string "&Arch.name".
// Re-registering replaces.
func EnsureArchetypeRefParam(name string, res ArchetypeResource) MPCalContextConfigFn {
	return func(ctx *MPCalContext) {
		qualified := ctx.archetype.Name + "." + name
		ref := ArchetypeResourceHandle("&" + qualified)
		ctx.ensureArchetypeResource(ref, res)
		ctx.ensureArchetypeResource(ArchetypeResourceHandle(qualified), NewLocalArchetypeResource(tla.MakeString(string(ref))))
	}
}

// EnsureArchetypeValueParam binds value parameter name (without "Arch.") to a
// local holding value. Re-registering replaces.
func EnsureArchetypeValueParam(name string, value tla.Value) MPCalContextConfigFn {
	return func(ctx *MPCalContext) {
		ctx.ensureArchetypeResource(ArchetypeResourceHandle(ctx.archetype.Name+"."+name), NewLocalArchetypeResource(value))
	}
}

func (ctx *MPCalContext) defineConstant(name string, fn func(args ...tla.Value) tla.Value) {
	if _, dup := ctx.constantDefns[name]; dup {
		panic(fmt.Sprintf("distsys: constant %s is already defined", name))
	}
	ctx.constantDefns[name] = fn
}

// DefineConstantValue defines the nullary constant name. Defining a name twice
// panics when the second option is applied.
func DefineConstantValue(name string, value tla.Value) MPCalContextConfigFn {
	fn := func(args ...tla.Value) tla.Value {
		if len(args) != 0 {
			panic(fmt.Sprintf("distsys: constant %s takes no arguments, got %d", name, len(args)))
		}
		return value
	}
	return func(ctx *MPCalContext) { ctx.defineConstant(name, fn) }
}

var (
	valueType      = reflect.TypeFor[tla.Value]()
	valueSliceType = reflect.TypeFor[[]tla.Value]()
)

// DefineConstantOperator defines the constant operator name as defn: a Go
// function whose parameters (fixed, variadic or both) and single result are
// tla.Value. An ill-typed defn panics here; calling the operator with the
// wrong number of arguments panics at the call.
func DefineConstantOperator(name string, defn interface{}) MPCalContextConfigFn {
	fn := adaptOperator(name, defn)
	return func(ctx *MPCalContext) { ctx.defineConstant(name, fn) }
}

func adaptOperator(name string, defn interface{}) func(args ...tla.Value) tla.Value {
	if v := reflect.ValueOf(defn); defn == nil || (v.Kind() == reflect.Func && v.IsNil()) {
		panic(fmt.Sprintf("distsys: constant operator %s is nil", name))
	}
	// Common shapes without reflection.
	switch f := defn.(type) {
	case func(...tla.Value) tla.Value:
		return f
	case func() tla.Value:
		return func(args ...tla.Value) tla.Value { checkArity(name, args, 0, false); return f() }
	case func(tla.Value) tla.Value:
		return func(args ...tla.Value) tla.Value { checkArity(name, args, 1, false); return f(args[0]) }
	case func(tla.Value, tla.Value) tla.Value:
		return func(args ...tla.Value) tla.Value { checkArity(name, args, 2, false); return f(args[0], args[1]) }
	case func(tla.Value, tla.Value, tla.Value) tla.Value:
		return func(args ...tla.Value) tla.Value {
			checkArity(name, args, 3, false)
			return f(args[0], args[1], args[2])
		}
	}
	v := reflect.ValueOf(defn)
	t := v.Type()
	if t.Kind() != reflect.Func {
		panic(fmt.Sprintf("distsys: constant operator %s must be a func, got %T", name, defn))
	}
	if t.NumOut() != 1 || t.Out(0) != valueType {
		panic(fmt.Sprintf("distsys: constant operator %s must return exactly one tla.Value, has type %s", name, t))
	}
	fixed := t.NumIn()
	if t.IsVariadic() {
		fixed--
		if t.In(fixed) != valueSliceType {
			panic(fmt.Sprintf("distsys: constant operator %s: variadic parameter must be ...tla.Value, has type %s", name, t))
		}
	}
	for i := 0; i < fixed; i++ {
		if t.In(i) != valueType {
			panic(fmt.Sprintf("distsys: constant operator %s: parameter %d must be tla.Value, has type %s", name, i+1, t))
		}
	}
	variadic := t.IsVariadic()
	return func(args ...tla.Value) tla.Value {
		checkArity(name, args, fixed, variadic)
		in := make([]reflect.Value, len(args))
		for i, a := range args {
			in[i] = reflect.ValueOf(a)
		}
		return v.Call(in)[0].Interface().(tla.Value)
	}
}

func checkArity(name string, args []tla.Value, fixed int, variadic bool) {
	if len(args) == fixed || (variadic && len(args) > fixed) {
		return
	}
	want := fmt.Sprint(fixed)
	if variadic {
		want = "at least " + want
	}
	panic(fmt.Sprintf("distsys: constant operator %s takes %s arguments, got %d", name, want, len(args)))
}

// SetFairnessCounter replaces the default round-robin fairness counter.
func SetFairnessCounter(fairnessCounter FairnessCounter) MPCalContextConfigFn {
	return func(ctx *MPCalContext) { ctx.fairnessCounter = fairnessCounter }
}

// SetTraceRecorder records one event per critical-section attempt.
func SetTraceRecorder(recorder trace.Recorder) MPCalContextConfigFn {
	return func(ctx *MPCalContext) { ctx.eventState.Recorder = recorder }
}

func (ctx *MPCalContext) ensureArchetypeResource(handle ArchetypeResourceHandle, res ArchetypeResource) {
	if _, ok := ctx.resources[handle]; !ok {
		ctx.resourceOrder = append(ctx.resourceOrder, handle)
	}
	ctx.resources[handle] = res
	// A resource replaced during a section must receive that section's
	// commit-phase calls in place of the one it replaced.
	for i := range ctx.dirty {
		if ctx.dirty[i].handle == handle {
			ctx.dirty[i].resource = res
		}
	}
}

func (ctx *MPCalContext) getResource(handle ArchetypeResourceHandle) ArchetypeResource {
	res, ok := ctx.resources[handle]
	if !ok {
		panic(fmt.Sprintf("distsys: resource %s not found", handle))
	}
	return res
}

// touch returns the resource named handle and marks it dirty. Sections touch
// few resources, so the dirty list is scanned first: repeated accesses in a
// section skip the map lookup (and its string hashing).
func (ctx *MPCalContext) touch(handle ArchetypeResourceHandle) ArchetypeResource {
	for i := range ctx.dirty {
		if ctx.dirty[i].handle == handle {
			return ctx.dirty[i].resource
		}
	}
	res := ctx.getResource(handle)
	ctx.dirty = append(ctx.dirty, dirtyEntry{handle, res})
	return res
}

// IFace returns the interface generated code uses. It is meant for the Run
// goroutine (or, after Run returned, to inspect locals).
func (ctx *MPCalContext) IFace() ArchetypeInterface { return ArchetypeInterface{ctx: ctx} }

// Archetype returns the archetype the context runs.
func (ctx *MPCalContext) Archetype() MPCalArchetype { return ctx.archetype }

// disrupt sleeps an exponentially distributed time when
// PGO_DISRUPT_CONCURRENCY is set, to shake out ordering assumptions.
func (ctx *MPCalContext) disrupt() {
	if ctx.disruptMean <= 0 {
		return
	}
	d := time.Duration(rand.ExpFloat64() * float64(ctx.disruptMean))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.cancelCtx.Done():
	}
}

// Run executes the archetype on the calling goroutine until it reaches Done
// (nil), fails (the error), or Stop is called (nil between sections; an error
// wrapping context.Canceled when interrupted inside a commit phase). On every
// exit, panics included, it closes every registered resource, joining their
// errors into the result. Calling Run twice panics.
func (ctx *MPCalContext) Run() (err error) {
	if !ctx.hasArchetype {
		panic("distsys: Run on a context without archetype")
	}
	ctx.mu.Lock()
	switch ctx.state {
	case stateRunning:
		ctx.mu.Unlock()
		panic("distsys: Run called twice")
	case stateDone:
		ctx.mu.Unlock()
		if ctx.runAfterStop() {
			return nil
		}
		panic("distsys: Run called twice")
	}
	ctx.state = stateRunning
	ctx.mu.Unlock()

	defer func() {
		if closeErr := ctx.closeResources(); closeErr != nil {
			err = errors.Join(err, closeErr)
		}
		ctx.cancel()
		ctx.mu.Lock()
		ctx.state = stateDone
		ctx.mu.Unlock()
		close(ctx.done)
	}()

	ctx.checkParams()
	iface := ctx.IFace()
	if ctx.archetype.PreAmble != nil {
		ctx.archetype.PreAmble(iface)
	}
	for {
		if ctx.stopRequested.Load() {
			return nil
		}
		done, err := ctx.step(iface)
		if done || err != nil {
			return err
		}
	}
}

// runAfterStop distinguishes Stop-before-Run (Run returns nil once) from a
// second Run.
func (ctx *MPCalContext) runAfterStop() bool {
	ctx.mu.Lock()
	defer ctx.mu.Unlock()
	if ctx.stoppedBeforeRun && !ctx.ranAfterStop {
		ctx.ranAfterStop = true
		return true
	}
	return false
}

func (ctx *MPCalContext) checkParams() {
	for _, name := range ctx.archetype.RequiredValParams {
		if _, ok := ctx.resources[ArchetypeResourceHandle(name)]; !ok {
			panic(fmt.Sprintf("distsys: archetype %s: value parameter %s is not bound", ctx.archetype.Name, name))
		}
		if _, ok := ctx.resources[ArchetypeResourceHandle("&"+name)]; ok {
			panic(fmt.Sprintf("distsys: archetype %s: value parameter %s is bound as a ref parameter", ctx.archetype.Name, name))
		}
	}
	for _, name := range ctx.archetype.RequiredRefParams {
		_, ok1 := ctx.resources[ArchetypeResourceHandle(name)]
		_, ok2 := ctx.resources[ArchetypeResourceHandle("&"+name)]
		if !ok1 || !ok2 {
			panic(fmt.Sprintf("distsys: archetype %s: ref parameter %s is not bound (use EnsureArchetypeRefParam)", ctx.archetype.Name, name))
		}
	}
}

// step runs one attempt of the current section. done reports ErrDone.
func (ctx *MPCalContext) step(iface ArchetypeInterface) (done bool, err error) {
	ctx.eventState.BeginEvent()
	if ctx.clocksOn {
		ctx.vclockSink.InitCriticalSection(ctx.archetype.Name, ctx.self)
	}
	pcVal, err := iface.Read(pcHandle, nil)
	if err != nil {
		return false, err
	}
	pc := pcVal.AsString()
	ctx.currentLabel = pc
	ctx.fairnessCounter.BeginCriticalSection(pc)
	cs, ok := ctx.archetype.JumpTable[pc]
	if !ok {
		panic(fmt.Sprintf("distsys: archetype %s: critical section %s not found", ctx.archetype.Name, pc))
	}

	ctx.inSection = true
	err = cs.Body(iface)
	ctx.inSection = false
	if err == nil {
		err = ctx.commit(iface)
	}
	switch {
	case err == nil:
		ctx.recordEvent(false)
		return false, nil
	case errors.Is(err, ErrCriticalSectionAborted):
		if abortErr := ctx.abort(iface); abortErr != nil {
			return false, abortErr
		}
		ctx.recordEvent(true)
		return false, nil
	case errors.Is(err, ErrDone):
		ctx.dirty = ctx.dirty[:0]
		return true, nil
	default:
		// Assertion failures, procedure fall-through and resource errors stop
		// the archetype as they are, without Abort (PGo semantics).
		return false, err
	}
}

func (ctx *MPCalContext) recordEvent(isAbort bool) {
	if ctx.eventState.HasRecorder() {
		ctx.eventState.CommitEvent(ctx.vclockSink.GetVClock(), isAbort)
	}
}

// errStopped builds the error Run returns when Stop interrupts a commit phase.
func (ctx *MPCalContext) errStopped(phase string) error {
	return fmt.Errorf("distsys: %s stopped during %s of %s (the section may be partially applied): %w",
		ctx.archetype.Name, phase, ctx.currentLabel, context.Canceled)
}

// commit runs PreCommit on every dirty resource, then, if all succeeded,
// Commit on all. Channels are awaited after all calls of a phase, so the
// resources work concurrently; a wait also ends when Stop cancels the context.
func (ctx *MPCalContext) commit(iface ArchetypeInterface) error {
	ctx.errChans = ctx.errChans[:0]
	var firstErr error
	for _, d := range ctx.dirty {
		ctx.disrupt()
		if ch := d.resource.PreCommit(iface); ch != nil {
			ctx.errChans = append(ctx.errChans, ch)
		}
	}
	for i, ch := range ctx.errChans {
		err, ok := awaitValue(ctx.cancelCtx, ch)
		ctx.errChans[i] = nil
		if !ok {
			return ctx.errStopped("PreCommit")
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	if firstErr != nil {
		return firstErr
	}

	ctx.doneChans = ctx.doneChans[:0]
	for _, d := range ctx.dirty {
		ctx.disrupt()
		if ch := d.resource.Commit(iface); ch != nil {
			ctx.doneChans = append(ctx.doneChans, ch)
		}
	}
	if err := ctx.awaitDone("Commit"); err != nil {
		return err
	}
	ctx.clearDirty()
	return nil
}

// abort runs Abort on every dirty resource and waits for all of them.
func (ctx *MPCalContext) abort(iface ArchetypeInterface) error {
	ctx.doneChans = ctx.doneChans[:0]
	for _, d := range ctx.dirty {
		ctx.disrupt()
		if ch := d.resource.Abort(iface); ch != nil {
			ctx.doneChans = append(ctx.doneChans, ch)
		}
	}
	if err := ctx.awaitDone("Abort"); err != nil {
		return err
	}
	ctx.clearDirty()
	return nil
}

func (ctx *MPCalContext) awaitDone(phase string) error {
	for i, ch := range ctx.doneChans {
		_, ok := awaitValue(ctx.cancelCtx, ch)
		ctx.doneChans[i] = nil
		if !ok {
			return ctx.errStopped(phase)
		}
	}
	return nil
}

func (ctx *MPCalContext) clearDirty() {
	clear(ctx.dirty) // drop references for the garbage collector
	ctx.dirty = ctx.dirty[:0]
}

// awaitValue receives from ch unless cancelled first; a value already
// available when cancellation is seen still counts.
func awaitValue[T any](c context.Context, ch chan T) (T, bool) {
	select {
	case v := <-ch:
		return v, true
	case <-c.Done():
		select {
		case v := <-ch:
			return v, true
		default:
			var zero T
			return zero, false
		}
	}
}

// closeResources closes every registered resource once (a resource
// registered under several names is closed once).
func (ctx *MPCalContext) closeResources() error {
	ctx.closed.Store(true)
	var errs []error
	closed := make(map[ArchetypeResource]bool)
	for _, h := range ctx.resourceOrder {
		res := ctx.resources[h]
		if res == nil {
			continue
		}
		if reflect.ValueOf(res).Comparable() { // == on it cannot panic
			if closed[res] {
				continue
			}
			closed[res] = true
		}
		if err := res.Close(); err != nil {
			errs = append(errs, fmt.Errorf("closing %s: %w", h, err))
		}
	}
	return errors.Join(errs...)
}

// Stop ends the context. Before Run it closes every resource, and a later Run
// returns nil at once. During Run it asks Run to exit at the next section
// boundary, cancels the context (so blocked reads return and pending commit
// phases are abandoned), and waits until Run has returned and closed the
// resources. After Run it returns at once. Stop is idempotent and must not be
// called from the Run goroutine.
func (ctx *MPCalContext) Stop() {
	ctx.stopRequested.Store(true)
	ctx.mu.Lock()
	switch ctx.state {
	case stateInitial:
		ctx.state = stateDone
		ctx.stoppedBeforeRun = true
		ctx.mu.Unlock()
		ctx.cancel()
		if err := ctx.closeResources(); err != nil {
			slog.Warn("distsys: closing resources on Stop before Run", "archetype", ctx.archetype.Name, "self", ctx.self, "err", err)
		}
		close(ctx.done)
		return
	case stateRunning:
		ctx.mu.Unlock()
		ctx.cancel()
		<-ctx.done
	default:
		ctx.mu.Unlock()
		<-ctx.done
	}
}
