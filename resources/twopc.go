package resources

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/rpc"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/hashmap"
	"github.com/mpgo/mpgo/distsys/tla"
)

// Two-phase-commit replicated register (runtime.md §5.12).
//
// NewTwoPC refines a single register shared by all replicas: every committed
// section is one atomic step on the register, and versions number those steps.
// A section runs on the replica's local copy; PreCommit asks the other
// replicas to prepare version+1 and needs a majority of them to accept, and
// Commit installs the value at that version everywhere. It assumes a fixed
// replica set, that every replica is created with the same initial value, and
// that a proposer that crashes between PreCommit and Commit is not waited for
// (replicas holding its prepared version reject competitors until it restarts
// and proposes again, or a newer Commit arrives).

// TwoPCRequestType is the kind of a TwoPCRequest.
type TwoPCRequestType int

// The requests a replica sends another.
const (
	PreCommit TwoPCRequestType = iota
	Commit
	Abort
	GetState
)

func (t TwoPCRequestType) String() string {
	switch t {
	case PreCommit:
		return "PreCommit"
	case Commit:
		return "Commit"
	case Abort:
		return "Abort"
	case GetState:
		return "GetState"
	}
	return fmt.Sprintf("TwoPCRequestType(%d)", int(t))
}

// TwoPCRequest is a message from one replica (Sender) to another. SenderTime
// increases strictly with every request of a sender, so a receiver ignores
// requests older than the newest it has seen from that sender.
type TwoPCRequest struct {
	RequestType TwoPCRequestType
	Value       tla.Value
	Sender      tla.Value
	Version     int
	SenderTime  int64
}

// TwoPCResponse answers a TwoPCRequest; Version and Value are the receiver's
// committed state.
type TwoPCResponse struct {
	Accept  bool
	Version int
	Value   tla.Value
}

// ReplicaHandle sends requests to one other replica. Send returns a channel
// yielding one error once reply is filled in (or the request failed).
type ReplicaHandle interface {
	Send(request TwoPCRequest, reply *TwoPCResponse) chan error
	Close() error
}

// TwoPCState is a replica's role in the protocol.
type TwoPCState int

const (
	twoPCInitial           TwoPCState = iota // no protocol round in progress
	twoPCAcceptedPreCommit                   // holding another replica's prepared version
	twoPCInPreCommit                         // running (or having won) its own PreCommit
)

func (s TwoPCState) String() string {
	switch s {
	case twoPCInitial:
		return "initial"
	case twoPCAcceptedPreCommit:
		return "acceptedPreCommit"
	case twoPCInPreCommit:
		return "inPreCommit"
	}
	return fmt.Sprintf("TwoPCState(%d)", int(s))
}

// CriticalSectionState is the state of the local section.
type CriticalSectionState int

const (
	notInCriticalSection CriticalSectionState = iota
	inCriticalSection
	criticalSectionFailed // a peer's Commit arrived during the section
)

func (s CriticalSectionState) String() string {
	switch s {
	case notInCriticalSection:
		return "notInCriticalSection"
	case inCriticalSection:
		return "inCriticalSection"
	case criticalSectionFailed:
		return "criticalSectionFailed"
	}
	return fmt.Sprintf("CriticalSectionState(%d)", int(s))
}

const (
	twoPCRPCTimeout     = 5 * time.Second
	twoPCDialTimeout    = 3 * time.Second
	twoPCCommitRetry    = time.Second
	twoPCMaxBackoffExp  = 8 // caps 2^attempts in the PreCommit backoff
	twoPCServiceReceive = "TwoPCReceiver.Receive"
)

// twoPCLogLevel reads PGO_TWOPC_LOG (off|warn|info|debug|trace; default warn).
func twoPCLogLevel() (slog.Level, bool) {
	switch strings.ToLower(os.Getenv("PGO_TWOPC_LOG")) {
	case "off":
		return 0, false
	case "info":
		return slog.LevelInfo, true
	case "debug":
		return slog.LevelDebug, true
	case "trace":
		return slog.LevelDebug - 4, true
	default:
		return slog.LevelWarn, true
	}
}

// TwoPCArchetypeResource is a replica of the register (NewTwoPC).
type TwoPCArchetypeResource struct {
	distsys.ArchetypeResourceLeafMixin

	archetypeID tla.Value
	receiver    *TwoPCReceiver
	logLevel    slog.Level
	logOn       bool

	mu             sync.Mutex
	replicas       []ReplicaHandle
	committed      tla.Value // the register's value at version
	version        int
	tentative      tla.Value // committed plus the section's writes
	csState        CriticalSectionState
	twoPCState     TwoPCState
	acceptedSender tla.Value // twoPCAcceptedPreCommit: whose prepared version we hold
	acceptedVer    int
	proposedVer    int   // twoPCInPreCommit: the version being prepared
	attempts       int   // consecutive failed PreCommits
	lastTime       int64 // last SenderTime used
	senderTimes    *hashmap.HashMap[int64]
	closed         bool
	released       chan struct{} // closed (and replaced) when a held prepared version is released

	ctx    context.Context // cancelled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup // background commit and abort broadcasts
	once   sync.Once
}

var _ distsys.ArchetypeResource = (*TwoPCArchetypeResource)(nil)

// NewTwoPC returns a replica holding value at version 0. It serves the other
// replicas' requests over net/rpc at address from construction (mpgo: an
// empty address serves only in-process LocalReplicaHandles; a bind failure
// panics), calls onCreate (if not nil) with its receiver before returning, and
// sends its own requests through replicas (see SetReplicas). archetypeID
// identifies it as Sender.
//
// DECISION (runtime.md §5.12): senders and values are compared with Equal and
// senderTimes is keyed through hashmap, so both work on values decoded by gob.
func NewTwoPC(value tla.Value, address string, replicas []ReplicaHandle, archetypeID tla.Value, onCreate func(*TwoPCReceiver)) distsys.ArchetypeResource {
	res := &TwoPCArchetypeResource{
		archetypeID: archetypeID,
		replicas:    replicas,
		committed:   value,
		tentative:   value,
		senderTimes: hashmap.New[int64](),
		released:    make(chan struct{}),
	}
	res.logLevel, res.logOn = twoPCLogLevel()
	res.ctx, res.cancel = context.WithCancel(context.Background())
	res.receiver = &TwoPCReceiver{ListenAddr: address, resource: res, conns: make(map[net.Conn]struct{})}
	if address != "" {
		if err := res.receiver.listen(); err != nil {
			panic(fmt.Errorf("twopc %v: %w", archetypeID, err))
		}
	}
	if onCreate != nil {
		onCreate(res.receiver)
	}
	return res
}

// SetReplicas replaces the handles of the other replicas (for replicas built
// before their peers).
func (res *TwoPCArchetypeResource) SetReplicas(replicas []ReplicaHandle) {
	res.mu.Lock()
	defer res.mu.Unlock()
	res.replicas = replicas
}

func (res *TwoPCArchetypeResource) log(level slog.Level, msg string, args ...any) {
	if res.logOn && level >= res.logLevel {
		slog.Log(context.Background(), level, "twopc: "+msg, append([]any{"replica", res.archetypeID.String()}, args...)...)
	}
}

// nextTime returns a strictly increasing SenderTime. res.mu is held.
func (res *TwoPCArchetypeResource) nextTime() int64 {
	res.lastTime = max(time.Now().UnixNano(), res.lastTime+1)
	return res.lastTime
}

// quorum is the number of accepts PreCommit needs: a majority of the others.
func quorum(others int) int {
	if others == 0 {
		return 0
	}
	return others/2 + 1
}

// twoPCHoldWait bounds how long an access waits for a peer's prepared version
// to be committed or aborted before aborting the section.
const twoPCHoldWait = 100 * time.Millisecond

// release leaves twoPCAcceptedPreCommit and wakes waiting accesses. res.mu is held.
func (res *TwoPCArchetypeResource) release() {
	if res.twoPCState == twoPCAcceptedPreCommit {
		res.twoPCState = twoPCInitial
		close(res.released)
		res.released = make(chan struct{})
	}
}

// enter opens the section at its first access and says whether it may go on;
// while a peer's prepared version is pending it waits (bounded) for it to be
// committed or aborted. res.mu is held (and released while waiting).
func (res *TwoPCArchetypeResource) enter(ctx context.Context) error {
	if res.csState == notInCriticalSection && res.twoPCState == twoPCAcceptedPreCommit {
		timer := time.NewTimer(twoPCHoldWait)
		defer timer.Stop()
		for waiting := true; waiting && res.twoPCState == twoPCAcceptedPreCommit && !res.closed; {
			released := res.released
			res.mu.Unlock()
			select {
			case <-released:
			case <-timer.C:
				waiting = false
			case <-ctx.Done():
				waiting = false
			case <-res.ctx.Done():
				waiting = false
			}
			res.mu.Lock()
		}
	}
	if res.csState == notInCriticalSection {
		res.csState = inCriticalSection
		res.tentative = res.committed
	}
	if res.csState == criticalSectionFailed || res.twoPCState == twoPCAcceptedPreCommit {
		return fmt.Errorf("%w: twopc replica %v: a peer's commit is pending or arrived", distsys.ErrCriticalSectionAborted, res.archetypeID)
	}
	return nil
}

// ReadValue returns the section's value; it aborts if a peer's Commit arrived
// during the section or a peer's prepared version is pending.
func (res *TwoPCArchetypeResource) ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error) {
	res.mu.Lock()
	defer res.mu.Unlock()
	if err := res.enter(iface.Context()); err != nil {
		return tla.Value{}, err
	}
	return res.tentative, nil
}

// WriteValue sets the section's value (tentatively), under ReadValue's conditions.
func (res *TwoPCArchetypeResource) WriteValue(iface distsys.ArchetypeInterface, value tla.Value) error {
	res.mu.Lock()
	defer res.mu.Unlock()
	if err := res.enter(iface.Context()); err != nil {
		return err
	}
	res.tentative = value
	return nil
}

// sleepCtx sleeps d unless ctx or the resource is cancelled first.
func (res *TwoPCArchetypeResource) sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
	case <-res.ctx.Done():
	}
	return false
}

type twoPCReply struct {
	replica int
	resp    TwoPCResponse
	err     error
}

// broadcast sends req to every replica; replies arrive on the returned channel
// (buffered, one per replica).
func broadcast(replicas []ReplicaHandle, req TwoPCRequest) chan twoPCReply {
	out := make(chan twoPCReply, len(replicas))
	for i, r := range replicas {
		go func() {
			var resp TwoPCResponse
			err := <-r.Send(req, &resp)
			out <- twoPCReply{replica: i, resp: resp, err: err}
		}()
	}
	return out
}

// PreCommit backs off after failed attempts (randomly, up to
// 2·n²·(2^attempts−1) ms), prepares version+1 with the section's value on the
// other replicas and succeeds once a majority of them accepted. It adopts any
// newer version a replica reports; on failure it broadcasts Abort and yields
// ErrCriticalSectionAborted.
func (res *TwoPCArchetypeResource) PreCommit(iface distsys.ArchetypeInterface) chan error {
	ch := make(chan error, 1)
	go func() { ch <- res.preCommit(iface.Context()) }()
	return ch
}

func (res *TwoPCArchetypeResource) preCommit(ctx context.Context) error {
	res.mu.Lock()
	attempts, n := res.attempts, len(res.replicas)+1
	res.mu.Unlock()
	if attempts > 0 {
		exp := min(attempts, twoPCMaxBackoffExp)
		limit := 2 * n * n * ((1 << exp) - 1)
		if !res.sleepCtx(ctx, time.Duration(rand.IntN(limit+1))*time.Millisecond) {
			return fmt.Errorf("%w: twopc replica %v closed", distsys.ErrCriticalSectionAborted, res.archetypeID)
		}
	}

	res.mu.Lock()
	if res.closed || res.csState != inCriticalSection || res.twoPCState != twoPCInitial {
		res.attempts++
		res.mu.Unlock()
		return fmt.Errorf("%w: twopc replica %v: conflicting commit", distsys.ErrCriticalSectionAborted, res.archetypeID)
	}
	res.twoPCState = twoPCInPreCommit
	res.proposedVer = res.version + 1
	replicas := res.replicas
	req := TwoPCRequest{RequestType: PreCommit, Value: res.tentative, Sender: res.archetypeID, Version: res.proposedVer, SenderTime: res.nextTime()}
	res.mu.Unlock()

	need := quorum(len(replicas))
	accepts, rejects, adopted := 0, 0, false
	replies := broadcast(replicas, req)
	for accepts < need && len(replicas)-rejects >= need {
		var r twoPCReply
		select {
		case r = <-replies:
		case <-ctx.Done():
			rejects = len(replicas) + 1
			continue
		case <-res.ctx.Done():
			rejects = len(replicas) + 1
			continue
		}
		if r.err == nil && r.resp.Accept {
			accepts++
			continue
		}
		rejects++
		if r.err != nil {
			res.log(slog.LevelDebug, "PreCommit failed", "peer", r.replica, "err", r.err)
		}
		if r.err == nil && res.adopt(r.resp) {
			adopted = true
		}
	}

	res.mu.Lock()
	defer res.mu.Unlock()
	if accepts >= need && !adopted && res.csState == inCriticalSection && !res.closed {
		res.log(slog.LevelDebug-4, "PreCommit accepted", "version", req.Version)
		return nil
	}
	res.twoPCState = twoPCInitial
	res.attempts++
	res.sendAbort(replicas)
	res.log(slog.LevelDebug, "PreCommit rejected", "version", req.Version, "accepts", accepts)
	return fmt.Errorf("%w: twopc replica %v: PreCommit of version %d rejected", distsys.ErrCriticalSectionAborted, res.archetypeID, req.Version)
}

// adopt installs a newer committed state reported by a peer.
func (res *TwoPCArchetypeResource) adopt(resp TwoPCResponse) bool {
	res.mu.Lock()
	defer res.mu.Unlock()
	if resp.Version > res.version {
		res.committed, res.version = resp.Value, resp.Version
		return true
	}
	return false
}

// sendAbort broadcasts Abort in the background. res.mu is held.
func (res *TwoPCArchetypeResource) sendAbort(replicas []ReplicaHandle) {
	if len(replicas) == 0 || res.closed {
		return
	}
	req := TwoPCRequest{RequestType: Abort, Sender: res.archetypeID, Version: res.proposedVer, SenderTime: res.nextTime()}
	replies := broadcast(replicas, req)
	res.wg.Add(1)
	go func() {
		defer res.wg.Done()
		for range replicas {
			select {
			case <-replies:
			case <-res.ctx.Done():
				return
			}
		}
	}()
}

// Commit installs the section's value at the prepared version and broadcasts
// Commit (every section that reached PreCommit commits a new version, a
// read-only one with the value it read, so its reads were current),
// retrying each replica every second; it completes once a majority answered
// and keeps sending to the rest in the background until they answer or the
// resource is closed.
func (res *TwoPCArchetypeResource) Commit(distsys.ArchetypeInterface) chan struct{} {
	res.mu.Lock()
	if res.twoPCState != twoPCInPreCommit {
		// PreCommit was not run (not dirty) or the engine commits without it: nothing to replicate.
		res.csState = notInCriticalSection
		res.tentative = res.committed
		res.mu.Unlock()
		return nil
	}
	res.committed, res.version = res.tentative, res.proposedVer
	res.twoPCState = twoPCInitial
	res.csState = notInCriticalSection
	res.attempts = 0
	replicas := res.replicas
	req := TwoPCRequest{RequestType: Commit, Value: res.committed, Sender: res.archetypeID, Version: res.version, SenderTime: res.nextTime()}
	closed := res.closed
	need := quorum(len(replicas))
	if need > 0 && !closed {
		res.wg.Add(len(replicas)) // under mu, so never after Close's Wait
	}
	res.mu.Unlock()

	done := make(chan struct{})
	if need == 0 || closed {
		close(done)
		return done
	}
	answered := make(chan struct{}, len(replicas))
	for _, r := range replicas {
		go func() {
			defer res.wg.Done()
			for {
				var resp TwoPCResponse
				select {
				case err := <-r.Send(req, &resp):
					if err == nil {
						answered <- struct{}{}
						return
					}
					res.log(slog.LevelDebug, "Commit failed; retrying", "version", req.Version, "err", err)
				case <-res.ctx.Done():
					return
				}
				if !res.sleepCtx(context.Background(), twoPCCommitRetry) {
					return
				}
				if res.superseded(req.Version) {
					// A newer Commit (retried likewise) replaces this one.
					answered <- struct{}{}
					return
				}
			}
		}()
	}
	go func() {
		defer close(done)
		for i := 0; i < need; i++ {
			select {
			case <-answered:
			case <-res.ctx.Done():
				return
			}
		}
	}()
	return done
}

// superseded says whether this replica committed a version newer than version.
func (res *TwoPCArchetypeResource) superseded(version int) bool {
	res.mu.Lock()
	defer res.mu.Unlock()
	return res.version > version
}

// Abort discards the section's writes; if its PreCommit had succeeded, it
// broadcasts Abort to release the prepared version.
func (res *TwoPCArchetypeResource) Abort(distsys.ArchetypeInterface) chan struct{} {
	res.mu.Lock()
	defer res.mu.Unlock()
	if res.twoPCState == twoPCInPreCommit {
		res.twoPCState = twoPCInitial
		res.sendAbort(res.replicas)
	}
	res.csState = notInCriticalSection
	res.tentative = res.committed
	return nil
}

// Close stops serving, cancels background sends and closes the replica
// handles. It is idempotent.
func (res *TwoPCArchetypeResource) Close() error {
	var errs []error
	res.once.Do(func() {
		res.mu.Lock()
		res.closed = true
		replicas := res.replicas
		res.mu.Unlock()
		res.cancel()
		errs = append(errs, CloseTwoPCReceiver(res.receiver))
		res.wg.Wait()
		for _, r := range replicas {
			errs = append(errs, r.Close())
		}
	})
	return errors.Join(errs...)
}

// receive handles one request from another replica.
func (res *TwoPCArchetypeResource) receive(req TwoPCRequest, reply *TwoPCResponse) error {
	res.mu.Lock()
	defer res.mu.Unlock()
	if res.closed {
		return net.ErrClosed
	}
	stale := false
	if req.RequestType != GetState {
		if last, ok := res.senderTimes.Get(req.Sender); ok && req.SenderTime <= last {
			stale = true
		} else {
			res.senderTimes.Set(req.Sender, req.SenderTime)
		}
	}
	holdsFrom := func(sender tla.Value) bool {
		return res.twoPCState == twoPCAcceptedPreCommit && res.acceptedSender.Equal(sender)
	}
	switch req.RequestType {
	case PreCommit:
		switch {
		case stale:
			reply.Accept = false
		case res.twoPCState == twoPCInPreCommit:
			reply.Accept = false // our own PreCommit competes
		case req.Version <= res.version:
			reply.Accept = false // stale proposal: the reply tells the sender our newer state
		case res.twoPCState == twoPCAcceptedPreCommit && !res.acceptedSender.Equal(req.Sender) && res.acceptedVer >= req.Version:
			reply.Accept = false // holding a competing prepared version of the same or a newer version
		default:
			reply.Accept = true
			res.twoPCState = twoPCAcceptedPreCommit
			res.acceptedSender, res.acceptedVer = req.Sender, req.Version
		}
	case Commit:
		reply.Accept = true
		if req.Version > res.version {
			res.committed, res.version = req.Value, req.Version
			if res.csState == inCriticalSection {
				res.csState = criticalSectionFailed
			}
		}
		if holdsFrom(req.Sender) || (res.twoPCState == twoPCAcceptedPreCommit && res.acceptedVer <= req.Version) {
			res.release()
		}
	case Abort:
		reply.Accept = true
		if !stale && holdsFrom(req.Sender) && res.acceptedVer <= req.Version {
			res.release()
		}
	case GetState:
		reply.Accept = true
	default:
		return fmt.Errorf("twopc: unknown request type %v", req.RequestType)
	}
	reply.Version, reply.Value = res.version, res.committed
	res.log(slog.LevelDebug-4, "received", "type", req.RequestType, "from", req.Sender.String(), "version", req.Version, "accept", reply.Accept)
	return nil
}

// TwoPCReceiver serves a replica's requests from the others, over net/rpc
// ("TwoPCReceiver.Receive") at ListenAddr or in-process (LocalReplicaHandle).
type TwoPCReceiver struct {
	ListenAddr string

	resource *TwoPCArchetypeResource
	mu       sync.Mutex
	listener net.Listener
	conns    map[net.Conn]struct{}
	closed   bool
	wg       sync.WaitGroup
}

// Receive handles one request.
func (rcvr *TwoPCReceiver) Receive(arg TwoPCRequest, reply *TwoPCResponse) error {
	return rcvr.resource.receive(arg, reply)
}

func (rcvr *TwoPCReceiver) listen() error {
	server := rpc.NewServer()
	if err := server.Register(rcvr); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", rcvr.ListenAddr)
	if err != nil {
		return fmt.Errorf("cannot listen on %q: %w", rcvr.ListenAddr, err)
	}
	rcvr.listener = ln
	rcvr.ListenAddr = ln.Addr().String()
	rcvr.wg.Add(1)
	go func() {
		defer rcvr.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			rcvr.mu.Lock()
			if rcvr.closed {
				rcvr.mu.Unlock()
				_ = conn.Close()
				return
			}
			rcvr.conns[conn] = struct{}{}
			rcvr.wg.Add(1)
			rcvr.mu.Unlock()
			go func() {
				defer rcvr.wg.Done()
				server.ServeConn(conn)
				rcvr.mu.Lock()
				delete(rcvr.conns, conn)
				rcvr.mu.Unlock()
			}()
		}
	}()
	return nil
}

// CloseTwoPCReceiver stops res listening and closes its connections; it is
// idempotent.
func CloseTwoPCReceiver(res *TwoPCReceiver) error {
	res.mu.Lock()
	if res.closed {
		res.mu.Unlock()
		return nil
	}
	res.closed = true
	var err error
	if res.listener != nil {
		err = res.listener.Close()
	}
	for conn := range res.conns {
		_ = conn.Close()
	}
	res.mu.Unlock()
	res.wg.Wait()
	return err
}

// GetVersion returns the committed version of the replica res serves.
func GetVersion(res *TwoPCReceiver) int {
	res.resource.mu.Lock()
	defer res.resource.mu.Unlock()
	return res.resource.version
}

// GetTwoPCVersion is GetVersion.
func GetTwoPCVersion(rpcRcvr *TwoPCReceiver) int { return GetVersion(rpcRcvr) }

// LocalReplicaHandle reaches an in-process replica (tests). Requests and
// replies go through gob, as over RPC.
type LocalReplicaHandle struct {
	receiver *TwoPCReceiver
}

var _ ReplicaHandle = LocalReplicaHandle{}

// MakeLocalReplicaHandle returns a handle on the replica receiver serves.
func MakeLocalReplicaHandle(receiver *TwoPCReceiver) LocalReplicaHandle {
	return LocalReplicaHandle{receiver: receiver}
}

// Send delivers request to the replica.
func (handle LocalReplicaHandle) Send(request TwoPCRequest, reply *TwoPCResponse) chan error {
	ch := make(chan error, 1)
	go func() {
		var req TwoPCRequest
		if err := gobCopy(request, &req); err != nil {
			ch <- err
			return
		}
		var resp TwoPCResponse
		if err := handle.receiver.Receive(req, &resp); err != nil {
			ch <- err
			return
		}
		ch <- gobCopy(resp, reply)
	}()
	return ch
}

// Close does nothing.
func (handle LocalReplicaHandle) Close() error { return nil }

func gobCopy(in any, out any) error {
	b, err := gobBytes(in)
	if err != nil {
		return err
	}
	return gobFromBytes(b, out)
}

// RPCReplicaHandle reaches a replica over net/rpc; use it through a pointer
// (&handle). It dials lazily (3 s timeout), bounds each call by 5 s and
// redials after a failure.
type RPCReplicaHandle struct {
	address     string
	archetypeID tla.Value
	state       *rpcReplicaState
}

type rpcReplicaState struct {
	mu     sync.Mutex
	client *rpc.Client
	closed bool
}

var _ ReplicaHandle = (*RPCReplicaHandle)(nil)

// MakeRPCReplicaHandle returns a handle on the replica archetypeID listening at address.
func MakeRPCReplicaHandle(address string, archetypeID tla.Value) RPCReplicaHandle {
	return RPCReplicaHandle{address: address, archetypeID: archetypeID, state: &rpcReplicaState{}}
}

func (handle *RPCReplicaHandle) getClient() (*rpc.Client, error) {
	st := handle.state
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed {
		return nil, net.ErrClosed
	}
	if st.client != nil {
		return st.client, nil
	}
	conn, err := net.DialTimeout("tcp", handle.address, twoPCDialTimeout)
	if err != nil {
		return nil, err
	}
	st.client = rpc.NewClient(conn)
	return st.client, nil
}

func (handle *RPCReplicaHandle) dropClient(client *rpc.Client) {
	st := handle.state
	st.mu.Lock()
	if st.client == client {
		st.client = nil
	}
	st.mu.Unlock()
	_ = client.Close()
}

// Send calls the replica's TwoPCReceiver.Receive.
func (handle *RPCReplicaHandle) Send(request TwoPCRequest, reply *TwoPCResponse) chan error {
	ch := make(chan error, 1)
	go func() {
		client, err := handle.getClient()
		if err != nil {
			ch <- err
			return
		}
		call := client.Go(twoPCServiceReceive, request, reply, make(chan *rpc.Call, 1))
		timer := time.NewTimer(twoPCRPCTimeout)
		defer timer.Stop()
		select {
		case <-call.Done:
			if errors.Is(call.Error, rpc.ErrShutdown) || isNetErr(call.Error) {
				handle.dropClient(client)
			}
			ch <- call.Error
		case <-timer.C:
			handle.dropClient(client)
			ch <- fmt.Errorf("twopc: request to %v at %s timed out", handle.archetypeID, handle.address)
		}
	}()
	return ch
}

func isNetErr(err error) bool {
	var ne net.Error
	var oe *net.OpError
	return err != nil && (errors.As(err, &ne) || errors.As(err, &oe) || strings.Contains(err.Error(), "EOF"))
}

// Close closes the connection; later Sends fail.
func (handle *RPCReplicaHandle) Close() error {
	st := handle.state
	st.mu.Lock()
	defer st.mu.Unlock()
	st.closed = true
	if st.client != nil {
		err := st.client.Close()
		st.client = nil
		if errors.Is(err, rpc.ErrShutdown) {
			return nil
		}
		return err
	}
	return nil
}
