package resources_test

// This file pins the resource constructors and options of runtime.md §5 that mpgo provides
// (PGo's names and signatures; the store handle replaces *badger.DB, §1), so that code written
// against PGo's resources keeps compiling.

import (
	"time"

	"github.com/benbjohnson/immutable"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/hashmap"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/mpgo/mpgo/store"
)

var (
	// §5.1 containers.
	_ resources.FillFn                                                     = func(tla.Value) distsys.ArchetypeResource { return nil }
	_ func(resources.FillFn) *resources.IncMap                             = resources.NewIncMap
	_ func(*hashmap.HashMap[distsys.ArchetypeResource]) *resources.HashMap = resources.NewHashMap
	_ distsys.ArchetypeResource                                            = (*resources.IncMap)(nil)
	_ distsys.ArchetypeResource                                            = (*resources.HashMap)(nil)

	// §5.2–§5.5 mailboxes.
	_                                                                                                                          = []resources.MailboxKind{resources.MailboxesLocal, resources.MailboxesRemote}
	_ resources.MailboxesAddressMappingFn                                                                                      = func(tla.Value) (resources.MailboxKind, string) { return resources.MailboxesLocal, "" }
	_ func(resources.MailboxesAddressMappingFn, ...resources.MailboxesOption) *resources.Mailboxes                             = resources.NewTCPMailboxes
	_ func(resources.MailboxesAddressMappingFn, ...resources.MailboxesOption) *resources.Mailboxes                             = resources.NewRelaxedMailboxes
	_ func(int) resources.MailboxesOption                                                                                      = resources.WithMailboxesReceiveChanSize
	_ func(time.Duration) resources.MailboxesOption                                                                            = resources.WithMailboxesDialTimeout
	_ func(time.Duration) resources.MailboxesOption                                                                            = resources.WithMailboxesReadTimeout
	_ func(time.Duration) resources.MailboxesOption                                                                            = resources.WithMailboxesWriteTimeout
	_ func(...tla.Value) resources.MailboxesOption                                                                             = resources.WithMailboxesLocalIndices
	_ func(int) resources.MailboxesOption                                                                                      = resources.WithMailboxesMaxFrameSize
	_ func(*resources.Mailboxes) distsys.ArchetypeResource                                                                     = resources.NewMailboxesLength
	_ func() *resources.InMemoryNetwork                                                                                        = resources.NewInMemoryNetwork
	_ func(*resources.InMemoryNetwork, resources.MailboxesAddressMappingFn, ...resources.MailboxesOption) *resources.Mailboxes = resources.NewInMemoryMailboxes
	_ func(*resources.InMemoryNetwork, resources.MailboxesAddressMappingFn, ...resources.MailboxesOption) *resources.Mailboxes = resources.NewInMemoryRelaxedMailboxes
	_ *resources.IncMap                                                                                                        = resources.Mailboxes{}.IncMap

	// §5.6 channels.
	_ func(<-chan tla.Value, ...resources.InputChanOption) *resources.InputChan = resources.NewInputChan
	_ func(time.Duration) resources.InputChanOption                             = resources.WithInputChanReadTimeout
	_ func(chan<- tla.Value) *resources.OutputChan                              = resources.NewOutputChan
	_ func(chan<- tla.Value) *resources.SingleOutputChan                        = resources.NewSingleOutputChan
	_ distsys.ArchetypeResource                                                 = (*resources.InputChan)(nil)
	_ distsys.ArchetypeResource                                                 = (*resources.OutputChan)(nil)
	_ distsys.ArchetypeResource                                                 = (*resources.SingleOutputChan)(nil)

	// §5.7 failure detector and monitor.
	_ func(string) *resources.Monitor                                                                                = resources.NewMonitor
	_ func(*resources.Monitor) error                                                                                 = (*resources.Monitor).ListenAndServe
	_ func(*resources.Monitor, *distsys.MPCalContext) error                                                          = (*resources.Monitor).RunArchetype
	_ func(*resources.Monitor) error                                                                                 = (*resources.Monitor).Close
	_ func(*resources.MonitorRPCReceiver, tla.Value, *resources.ArchetypeState) error                                = (*resources.MonitorRPCReceiver).IsAlive
	_ resources.FailureDetectorAddressMappingFn                                                                      = func(tla.Value) string { return "" }
	_ func(resources.FailureDetectorAddressMappingFn, ...resources.FailureDetectorOption) *resources.FailureDetector = resources.NewFailureDetector
	_ func(tla.Value, string, ...resources.FailureDetectorOption) *resources.SingleFailureDetector                   = resources.NewSingleFailureDetector
	_ func(time.Duration) resources.FailureDetectorOption                                                            = resources.WithFailureDetectorTimeout
	_ func(time.Duration) resources.FailureDetectorOption                                                            = resources.WithFailureDetectorPullInterval
	_ func(time.Duration) resources.FailureDetectorOption                                                            = resources.WithFailureDetectorGracePeriod
	_ func(resources.ArchetypeState) string                                                                          = resources.ArchetypeState.String
	_ *resources.IncMap                                                                                              = resources.FailureDetector{}.IncMap

	// §5.8 local shared state, §5.9 persistence.
	_ func(tla.Value, ...resources.LocalSharedManagerOption) *resources.LocalSharedManager = resources.NewLocalSharedManager
	_ func(time.Duration) resources.LocalSharedManagerOption                               = resources.WithLocalSharedResourceTimeout
	_ func(*resources.LocalSharedManager) resources.Persistable                            = (*resources.LocalSharedManager).MakeLocalShared
	_ func(string, *store.DB, resources.Persistable) distsys.ArchetypeResource             = resources.MakePersistent
	_ interface {
		distsys.ArchetypeResource
		GetState() ([]byte, error)
	} = resources.Persistable(nil)

	// §5.10 file system, dummy, placeholder.
	_ func(string) *resources.FileSystem              = resources.NewFileSystem
	_ *resources.IncMap                               = resources.FileSystem{}.IncMap
	_ func(...resources.DummyOption) *resources.Dummy = resources.NewDummy
	_ func(tla.Value) resources.DummyOption           = resources.WithDummyValue
	_ func() distsys.ArchetypeResource                = resources.NewPlaceHolder
	_ error                                           = resources.ErrPlaceHolderAccess

	// §5.11 CRDTs.
	_ func(tla.Value, []tla.Value, resources.CRDTAddressMappingFn, resources.CRDTValue, ...resources.CRDTOption) distsys.ArchetypeResource = resources.NewCRDT
	_ resources.CRDTAddressMappingFn                                                                                                       = func(tla.Value) string { return "" }
	_ func(time.Duration) resources.CRDTOption                                                                                             = resources.WithCRDTBroadcastInterval
	_ func(time.Duration) resources.CRDTOption                                                                                             = resources.WithCRDTSendTimeout
	_ func(time.Duration) resources.CRDTOption                                                                                             = resources.WithCRDTDialTimeout
	_ func(*resources.CRDTRPCReceiver, resources.ReceiveValueArgs, *resources.ReceiveValueResp) error                                      = (*resources.CRDTRPCReceiver).ReceiveValue
	_ resources.CRDTValue                                                                                                                  = resources.ReceiveValueArgs{}.Value
	_ resources.CRDTValue                                                                                                                  = resources.ReceiveValueResp{}.Value
	_ interface {
		Init() resources.CRDTValue
		Read() tla.Value
		Write(id tla.Value, value tla.Value) resources.CRDTValue
		Merge(other resources.CRDTValue) resources.CRDTValue
	} = resources.CRDTValue(nil)
	_ resources.CRDTValue                      = resources.GCounter{}
	_ *immutable.Map[tla.Value, int32]         = resources.GCounter{}.Map
	_                                          = resources.GCounterKeyVal{K: tla.Value{}, V: int32(0)}
	_ resources.CRDTValue                      = resources.AWORSet{}
	_ resources.CRDTValue                      = resources.LWWSet{}
	_                                          = resources.AWORSetKeyVal{K: tla.Value{}, V: resources.MakeVClock()}
	_ []resources.AWORSetKeyVal                = resources.AddRemMaps{}.AddMap
	_ []resources.AWORSetKeyVal                = resources.AddRemMaps{}.RemMap
	_                                          = []int{resources.LT, resources.EQ, resources.GT, resources.CC}
	_ func(resources.GCounter) ([]byte, error) = resources.GCounter.GobEncode
	_ func(*resources.GCounter, []byte) error  = (*resources.GCounter).GobDecode
	_ func(resources.AWORSet) ([]byte, error)  = resources.AWORSet.GobEncode
	_ func(*resources.AWORSet, []byte) error   = (*resources.AWORSet).GobDecode
	_ func(resources.LWWSet) ([]byte, error)   = resources.LWWSet.GobEncode
	_ func(*resources.LWWSet, []byte) error    = (*resources.LWWSet).GobDecode

	// §5.12 two-phase-commit replicated register.
	_ func(tla.Value, string, []resources.ReplicaHandle, tla.Value, func(*resources.TwoPCReceiver)) distsys.ArchetypeResource = resources.NewTwoPC
	_ interface {
		Send(request resources.TwoPCRequest, reply *resources.TwoPCResponse) chan error
		Close() error
	} = resources.ReplicaHandle(nil)
	_ func(string, tla.Value) resources.RPCReplicaHandle                                     = resources.MakeRPCReplicaHandle
	_ resources.ReplicaHandle                                                                = (*resources.RPCReplicaHandle)(nil)
	_ resources.ReplicaHandle                                                                = resources.LocalReplicaHandle{}
	_ func(*resources.TwoPCReceiver) resources.LocalReplicaHandle                            = resources.MakeLocalReplicaHandle
	_                                                                                        = []resources.TwoPCRequestType{resources.PreCommit, resources.Commit, resources.Abort, resources.GetState}
	_                                                                                        = resources.TwoPCRequest{RequestType: resources.PreCommit, Value: tla.Value{}, Sender: tla.Value{}, Version: 0, SenderTime: int64(0)}
	_                                                                                        = resources.TwoPCResponse{Accept: true, Version: 0, Value: tla.Value{}}
	_ string                                                                                 = resources.TwoPCReceiver{}.ListenAddr
	_ func(*resources.TwoPCReceiver, resources.TwoPCRequest, *resources.TwoPCResponse) error = (*resources.TwoPCReceiver).Receive
	_ func(*resources.TwoPCReceiver) error                                                   = resources.CloseTwoPCReceiver
	_ func(*resources.TwoPCReceiver) int                                                     = resources.GetVersion
	_ func(*resources.TwoPCReceiver) int                                                     = resources.GetTwoPCVersion
	_ func(*resources.TwoPCArchetypeResource, []resources.ReplicaHandle)                     = (*resources.TwoPCArchetypeResource).SetReplicas
	_ distsys.ArchetypeResource                                                              = (*resources.TwoPCArchetypeResource)(nil)
	_ resources.TwoPCState                                                                   = 0
	_ resources.CriticalSectionState                                                         = 0

	// §5.13 nested archetypes.
	_ func(func(chan<- tla.Value, <-chan tla.Value) []*distsys.MPCalContext) distsys.ArchetypeResource = resources.NewNested
	_ distsys.MPCalContextConfigFn                                                                     = resources.NestedArchetypeConstantDefs
	_ error                                                                                            = resources.ErrNestedArchetypeProtocol
	_ error                                                                                            = resources.ErrNestedArchetypeSanity
	_ error                                                                                            = resources.ErrNestedArchetypeStopped

	// §5.14 resources from PGo's systems.
	_ func(string, *store.DB) distsys.ArchetypeResource                 = resources.NewPersistentLog
	_ distsys.MPCalContextConfigFn                                      = resources.PersistentLogConstantDefs
	_ func(time.Duration, time.Duration) distsys.ArchetypeResource      = resources.NewTimerResource
	_ distsys.MPCalContextConfigFn                                      = resources.LeaderTimeoutConstantDefs
	_ func(<-chan tla.Value, time.Duration) *resources.CustomInChan     = resources.NewCustomInChan
	_ func(...resources.LeaderElectionOption) *resources.LeaderElection = resources.NewLeaderElection
)
