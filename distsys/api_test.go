package distsys_test

// This file pins the exported API that runtime.md §3–§4 and §6 require (PGo's names and
// signatures), so that a change that would break code generated for or written against PGo
// fails to compile.

import (
	"os"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/hashmap"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/distsys/trace"
)

// §3.1 tables.
var (
	_                                                              = distsys.MPCalCriticalSection{Name: "A.l", Body: func(iface distsys.ArchetypeInterface) error { return nil }}
	_ distsys.MPCalJumpTable                                       = map[string]distsys.MPCalCriticalSection{}
	_ func(...distsys.MPCalCriticalSection) distsys.MPCalJumpTable = distsys.MakeMPCalJumpTable
	_                                                              = distsys.MPCalProc{Name: "P", Label: "P.l", StateVars: []string{"P.a"}, PreAmble: func(distsys.ArchetypeInterface) error { return nil }}
	_ distsys.MPCalProcTable                                       = map[string]distsys.MPCalProc{}
	_ func(...distsys.MPCalProc) distsys.MPCalProcTable            = distsys.MakeMPCalProcTable
	_                                                              = distsys.MPCalArchetype{Name: "A", Label: "A.l", RequiredRefParams: []string{}, RequiredValParams: []string{},
		JumpTable: distsys.MPCalJumpTable{}, ProcTable: distsys.MPCalProcTable{}, PreAmble: func(distsys.ArchetypeInterface) {}}
)

// §3.2 handles, §3.3 building a context.
var (
	_ distsys.ArchetypeResourceHandle = "A.x"
	_ distsys.MPCalContextConfigFn    = func(*distsys.MPCalContext) {}

	_ func(tla.Value, distsys.MPCalArchetype, ...distsys.MPCalContextConfigFn) *distsys.MPCalContext = distsys.NewMPCalContext
	_ func(...distsys.MPCalContextConfigFn) *distsys.MPCalContext                                    = distsys.NewMPCalContextWithoutArchetype
	_ func(...distsys.MPCalContextConfigFn) distsys.MPCalContextConfigFn                             = distsys.EnsureMPCalContextConfigs
	_ func(string, distsys.ArchetypeResource) distsys.MPCalContextConfigFn                           = distsys.EnsureArchetypeRefParam
	_ func(string, tla.Value) distsys.MPCalContextConfigFn                                           = distsys.EnsureArchetypeValueParam
	_ func(string, tla.Value) distsys.MPCalContextConfigFn                                           = distsys.DefineConstantValue
	_ func(string, interface{}) distsys.MPCalContextConfigFn                                         = distsys.DefineConstantOperator
	_ func(distsys.FairnessCounter) distsys.MPCalContextConfigFn                                     = distsys.SetFairnessCounter
	_ func(trace.Recorder) distsys.MPCalContextConfigFn                                              = distsys.SetTraceRecorder

	_ func(*distsys.MPCalContext) error                      = (*distsys.MPCalContext).Run
	_ func(*distsys.MPCalContext)                            = (*distsys.MPCalContext).Stop
	_ func(*distsys.MPCalContext) distsys.ArchetypeInterface = (*distsys.MPCalContext).IFace
	_ func(*distsys.MPCalContext) distsys.MPCalArchetype     = (*distsys.MPCalContext).Archetype
)

// §3.5 sentinel errors.
var _ = []error{
	distsys.ErrAssertionFailed, distsys.ErrCriticalSectionAborted, distsys.ErrDone,
	distsys.ErrProcedureFallthrough, distsys.ErrArchetypeResourceLeafIndexed,
	distsys.ErrArchetypeResourceMapReadWrite, distsys.ErrContextClosed,
}

// §3.6 ArchetypeInterface.
var (
	_ func(distsys.ArchetypeInterface) tla.Value                                                        = distsys.ArchetypeInterface.Self
	_ func(distsys.ArchetypeInterface, string) distsys.ArchetypeResourceHandle                          = distsys.ArchetypeInterface.RequireArchetypeResource
	_ func(distsys.ArchetypeInterface, string) (distsys.ArchetypeResourceHandle, error)                 = distsys.ArchetypeInterface.RequireArchetypeResourceRef
	_ func(distsys.ArchetypeInterface, string, tla.Value)                                               = distsys.ArchetypeInterface.EnsureArchetypeResourceLocal
	_ func(distsys.ArchetypeInterface, string) tla.Value                                                = distsys.ArchetypeInterface.ReadArchetypeResourceLocal
	_ func(distsys.ArchetypeInterface, distsys.ArchetypeResourceHandle, []tla.Value) (tla.Value, error) = distsys.ArchetypeInterface.Read
	_ func(distsys.ArchetypeInterface, distsys.ArchetypeResourceHandle, []tla.Value, tla.Value) error   = distsys.ArchetypeInterface.Write
	_ func(distsys.ArchetypeInterface, string) error                                                    = distsys.ArchetypeInterface.Goto
	_ func(distsys.ArchetypeInterface, string, string, ...tla.Value) error                              = distsys.ArchetypeInterface.Call
	_ func(distsys.ArchetypeInterface) error                                                            = distsys.ArchetypeInterface.Return
	_ func(distsys.ArchetypeInterface, string, ...tla.Value) error                                      = distsys.ArchetypeInterface.TailCall
	_ func(distsys.ArchetypeInterface, string, uint) uint                                               = distsys.ArchetypeInterface.NextFairnessCounter
	_ func(distsys.ArchetypeInterface, string) func(args ...tla.Value) tla.Value                        = distsys.ArchetypeInterface.GetConstant
	_ func(distsys.ArchetypeInterface) *trace.VClockSink                                                = distsys.ArchetypeInterface.GetVClockSink
)

// §3.8 fairness.
var (
	_ func() distsys.FairnessCounter = distsys.MakeRoundRobinFairnessCounter
	_ interface {
		BeginCriticalSection(pc string)
		NextFairnessCounter(id string, ceiling uint) uint
	} = distsys.MakeRoundRobinFairnessCounter()
)

// §4 the resource contract, mixins and LocalArchetypeResource.
type pinResource interface {
	Abort(iface distsys.ArchetypeInterface) chan struct{}
	PreCommit(iface distsys.ArchetypeInterface) chan error
	Commit(iface distsys.ArchetypeInterface) chan struct{}
	ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error)
	WriteValue(iface distsys.ArchetypeInterface, value tla.Value) error
	Index(iface distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error)
	Close() error
}

var (
	_ pinResource                                           = distsys.ArchetypeResource(nil)
	_ distsys.ArchetypeResource                             = pinResource(nil)
	_ func(tla.Value) *distsys.LocalArchetypeResource       = distsys.NewLocalArchetypeResource
	_ distsys.ArchetypeResource                             = distsys.NewLocalArchetypeResource(tla.Value{})
	_ func(*distsys.LocalArchetypeResource) ([]byte, error) = (*distsys.LocalArchetypeResource).GetState
	_ func(*distsys.LocalArchetypeResource, []byte) error   = (*distsys.LocalArchetypeResource).SetState

	_ func(distsys.ArchetypeResourceLeafMixin, distsys.ArchetypeInterface, tla.Value) (distsys.ArchetypeResource, error) = distsys.ArchetypeResourceLeafMixin.Index
	_ func(distsys.ArchetypeResourceMapMixin, distsys.ArchetypeInterface) (tla.Value, error)                             = distsys.ArchetypeResourceMapMixin.ReadValue
	_ func(distsys.ArchetypeResourceMapMixin, distsys.ArchetypeInterface, tla.Value) error                               = distsys.ArchetypeResourceMapMixin.WriteValue
)

// §6 trace and hashmap.
var (
	_ trace.Recorder                = trace.MakeLocalFileRecorder((*os.File)(nil))
	_ func(*os.File) trace.Recorder = trace.MakeLocalFileRecorder
	_ func(string) trace.Recorder   = trace.MakeLocalFileRecorderFromName
	_                               = trace.Event{ArchetypeName: "A", Self: tla.Value{}, Elements: []trace.Element{}, Clock: tla.VClock{}, StartTime: time.Time{}, EndTime: time.Time{}, IsAbort: false}
	_ trace.Element                 = trace.ReadElement{Prefix: "A", Name: "x", Indices: []tla.Value{}, Value: tla.Value{}}
	_ trace.Element                 = trace.WriteElement{Prefix: "A", Name: "x", Indices: []tla.Value{}, OldValueHint: (*tla.Value)(nil), Value: tla.Value{}}
	_                               = trace.EventState{Recorder: nil, ArchetypeName: "A", ArchetypeSelf: tla.Value{}}

	_ func(*trace.EventState) bool                                        = (*trace.EventState).HasRecorder
	_ func(*trace.EventState)                                             = (*trace.EventState).BeginEvent
	_ func(*trace.EventState, tla.VClock, bool)                           = (*trace.EventState).CommitEvent
	_ func(*trace.EventState, string, []tla.Value, tla.Value)             = (*trace.EventState).RecordRead
	_ func(*trace.EventState, string, []tla.Value, *tla.Value, tla.Value) = (*trace.EventState).RecordWrite

	_ func(*trace.VClockSink) bool               = (*trace.VClockSink).Enabled
	_ func(*trace.VClockSink, bool)              = (*trace.VClockSink).SetEnabled
	_ func(*trace.VClockSink, string, tla.Value) = (*trace.VClockSink).InitCriticalSection
	_ func(*trace.VClockSink, tla.VClock)        = (*trace.VClockSink).WitnessVClock
	_ func(*trace.VClockSink) tla.VClock         = (*trace.VClockSink).GetVClock

	_                                                    = hashmap.Entry[int]{Key: tla.Value{}, Value: 1}
	_ func() *hashmap.HashMap[int]                       = hashmap.New[int]
	_ func(*hashmap.HashMap[int], tla.Value, int)        = (*hashmap.HashMap[int]).Set
	_ func(*hashmap.HashMap[int], tla.Value) (int, bool) = (*hashmap.HashMap[int]).Get
	_ func(*hashmap.HashMap[int]) []tla.Value            = (*hashmap.HashMap[int]).Keys
	_ func(*hashmap.HashMap[int])                        = (*hashmap.HashMap[int]).Clear
)

// RecordEvent is the Recorder method.
var _ interface{ RecordEvent(event trace.Event) } = trace.Recorder(nil)
