// Package server runs one raftkv server: the archetypes of specs/raftkv.tla compiled to
// gen/raftkv (AServer, AServerRequestVote, AServerBecomeLeader, AServerAdvanceCommitIndex
// and one AServerSender per peer), each a distsys context, bound to resources as the
// spec's GO BINDINGS say. hardState and the log live in a bbolt store and are reloaded at
// start; the volatile log is initialised from the persistent one. An HTTP admin endpoint
// reports the server's state (GET /status).
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mpgo/mpgo/cmd/raftkv/internal/config"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/raftnet"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/status"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/gen/raftkv"
	"github.com/mpgo/mpgo/resources"
	"github.com/mpgo/mpgo/store"
)

// Server is one running raftkv server.
type Server struct {
	cfg  *config.Config
	id   int
	log  *slog.Logger
	self tla.Value

	db        *store.DB
	monitor   *resources.Monitor
	detectors *raftnet.Detectors
	timer     distsys.ArchetypeResource
	admin     *http.Server
	adminLn   net.Listener

	state       *sharedState
	shared      map[string]*sharedVar // the spec's shared variables
	commitIndex atomic.Int64          // the committed commitIndex[srv]
	ctxs        []*distsys.MPCalContext
	names       []string
}

// New opens server id's store (reloading hardState and the log), binds its mailbox,
// monitor and admin ports, and builds its contexts; Run starts them.
func New(cfg *config.Config, id int, log *slog.Logger) (s *Server, err error) {
	me, err := cfg.Server(id)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s = &Server{cfg: cfg, id: id, log: log.With("server", id), self: tla.MakeNumber(int32(id)), shared: map[string]*sharedVar{}}
	defer func() {
		if err != nil {
			s.closeAll()
		}
	}()
	path := cfg.StorePath(id)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	var opts []store.Option
	if cfg.NoSync {
		opts = append(opts, store.WithNoSync())
	}
	if s.db, err = store.Open(path, opts...); err != nil {
		return nil, fmt.Errorf("opening the store: %w", err)
	}
	s.monitor = resources.NewMonitor(me.Monitor)
	if err := s.monitor.Listen(); err != nil {
		return nil, fmt.Errorf("monitor: %w", err)
	}
	s.detectors = raftnet.NewDetectors(cfg, id)
	s.timer = resources.NewTimerResource(cfg.Timeouts.Election, cfg.Timeouts.ElectionJitter)
	if err := s.build(me); err != nil {
		return nil, err
	}
	// Bound last: a server whose admin port answers has reloaded its state.
	if s.adminLn, err = net.Listen("tcp", me.Admin); err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	return s, nil
}

// build creates the resources and contexts (panics of the resource constructors, such as
// a corrupt store or a port in use, become errors).
func (s *Server) build(me config.Server) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("server %d: %v", s.id, r)
		}
	}()
	cfg, srv, n := s.cfg, s.self, s.cfg.N()
	one := func(v tla.Value) tla.Value { return tla.MakeRecord([]tla.RecordField{{Key: srv, Value: v}}) }
	perServer := func(v tla.Value) tla.Value {
		fs := make([]tla.RecordField, n)
		for j := range n {
			fs[j] = tla.RecordField{Key: tla.MakeNumber(int32(j + 1)), Value: v}
		}
		return tla.MakeRecord(fs)
	}
	iface := distsys.NewMPCalContextWithoutArchetype().IFace()
	plog := resources.NewPersistentLog("log", s.db)
	plogValue, err := plog.ReadValue(distsys.ArchetypeInterface{})
	if err != nil {
		return err
	}
	initial := map[string]tla.Value{
		"log":            one(plogValue),
		"state":          one(raftkv.Follower(iface)),
		"leader":         one(raftkv.Nil(iface)),
		"commitIndex":    one(tla.MakeNumber(0)),
		"nextIndex":      one(perServer(tla.MakeNumber(1))),
		"matchIndex":     one(perServer(tla.MakeNumber(0))),
		"votesResponded": one(tla.MakeSet()),
		"votesGranted":   one(tla.MakeSet()),
	}
	// The shared variables (besides hardState) are functions with the single key srv.
	s.state = newSharedState(cfg.Timeouts.Lock)
	for name, v := range initial {
		s.shared[name] = s.state.newVar(v)
	}
	hs := s.state.newVar(one(tla.MakeRecord([]tla.RecordField{
		{Key: tla.MakeString("term"), Value: tla.MakeNumber(0)},
		{Key: tla.MakeString("votedFor"), Value: raftkv.Nil(iface)},
	})))
	s.shared["hardState"] = hs

	fl := newFlow(s.id, n, cfg.Timeouts.Heartbeat)
	sig := newSignals(s.id, n, cfg.Timeouts.Heartbeat, fl)
	consts := []distsys.MPCalContextConfigFn{
		distsys.DefineConstantValue("NumServers", tla.MakeNumber(int32(n))),
		distsys.DefineConstantValue("MaxBatch", tla.MakeNumber(int32(cfg.Batch))),
		resources.PersistentLogConstantDefs,
		resources.LeaderTimeoutConstantDefs,
	}
	ref := distsys.EnsureArchetypeRefParam
	// byIndex makes a leaf resource the value of var[srv] (the archetypes index timer and
	// plog by srv).
	byIndex := func(r distsys.ArchetypeResource) distsys.ArchetypeResource {
		return resources.NewIncMap(func(tla.Value) distsys.ArchetypeResource { return r })
	}
	// Each context gets its own lock holder, shared by all its handles: cl is replaced
	// before each context is built.
	var cl *ctxLock
	common := func(extra ...distsys.MPCalContextConfigFn) []distsys.MPCalContextConfigFn {
		out := append([]distsys.MPCalContextConfigFn{}, consts...)
		out = append(out,
			distsys.EnsureArchetypeValueParam("srv", srv),
			ref("alive", resources.NewDummy(resources.WithDummyValue(tla.MakeBool(true)))),
			ref("hardState", resources.MakePersistent("hardState", s.db, hs.handle(cl))),
		)
		return append(out, extra...)
	}
	sh := func(name string) distsys.MPCalContextConfigFn {
		var h resources.Persistable = s.shared[name].handle(cl)
		if name == "commitIndex" {
			h = &mirrored{Persistable: h, mirror: &s.commitIndex}
		}
		return ref(name, h)
	}
	ctxSelf := func(kind string) tla.Value { return tla.MakeTuple(srv, tla.MakeString(kind)) }

	// AServer: owner of the mailbox net[srv] and of plog.
	serverNet := raftnet.Mailboxes(cfg, srv, me.Mailbox)
	cl = s.state.newCtxLock()
	s.add("AServer", distsys.NewMPCalContext(srv, raftkv.AServer, common(
		ref("net", fl.tap(serverNet, srv)), ref("netLen", resources.NewMailboxesLength(serverNet)),
		ref("fd", s.detectors.FD()), ref("plog", byIndex(plog)),
		sh("log"), sh("state"), sh("leader"), sh("commitIndex"), sh("nextIndex"), sh("matchIndex"),
		sh("votesResponded"), sh("votesGranted"), ref("timer", byIndex(s.timer)), ref("sig", sig.handle(nil)),
	)...))
	cl = s.state.newCtxLock()
	s.add("AServerRequestVote", distsys.NewMPCalContext(ctxSelf("vote"), raftkv.AServerRequestVote, common(
		ref("timer", byIndex(s.timer)), sh("state"), sh("leader"), sh("votesResponded"), sh("votesGranted"),
		ref("sig", sig.handle(nil)),
	)...))
	cl = s.state.newCtxLock()
	s.add("AServerBecomeLeader", distsys.NewMPCalContext(ctxSelf("leader"), raftkv.AServerBecomeLeader, common(
		ref("sig", sig.handle(nil)), sh("state"), sh("leader"), sh("votesGranted"), sh("log"),
		sh("nextIndex"), sh("matchIndex"), ref("elected", resources.NewDummy()),
	)...))
	// The state machine wakes at once while committed entries remain to apply.
	// (It reads commitIndex's committed value from its mirror: taking the lock here would
	// hold it while the read blocks.)
	ready := func(iface distsys.ArchetypeInterface) (bool, error) {
		la := iface.ReadArchetypeResourceLocal("AServerAdvanceCommitIndex.lastApplied")
		return int64(la.AsNumber()) < s.commitIndex.Load(), nil
	}
	cl = s.state.newCtxLock()
	s.add("AServerAdvanceCommitIndex", distsys.NewMPCalContext(ctxSelf("commit"), raftkv.AServerAdvanceCommitIndex, common(
		ref("net", raftnet.Mailboxes(cfg, tla.Value{}, "")), ref("fd", s.detectors.FD()),
		ref("sig", sig.handle(ready)), sh("state"), sh("log"), sh("commitIndex"), sh("matchIndex"),
		ref("committed", resources.NewDummy()),
	)...))
	for p := 1; p <= n; p++ {
		if p == s.id {
			continue
		}
		peer := tla.MakeNumber(int32(p))
		cl = s.state.newCtxLock()
		s.add(fmt.Sprintf("AServerSender(%d)", p), distsys.NewMPCalContext(tla.MakeTuple(srv, tla.MakeString("sender"), peer), raftkv.AServerSender, common(
			distsys.EnsureArchetypeValueParam("peer", peer),
			ref("net", fl.sendTap(raftnet.Mailboxes(cfg, tla.Value{}, ""), p)), ref("fd", s.detectors.FD()),
			ref("sig", sig.handle(nil)), sh("state"), sh("log"), sh("commitIndex"), sh("nextIndex"),
			sh("votesResponded"),
		)...))
	}
	// MakePersistent (in common) has restored hardState by now.
	vals, err := s.readShared(srv, "hardState")
	if err != nil {
		return err
	}
	st := vals["hardState"]
	s.log.Info("state reloaded", "log_length", plogValue.AsTuple().Len(),
		"term", st.ApplyFunction(tla.MakeString("term")).String(),
		"votedFor", st.ApplyFunction(tla.MakeString("votedFor")).String())
	return nil
}

func (s *Server) add(name string, ctx *distsys.MPCalContext) {
	s.ctxs = append(s.ctxs, ctx)
	s.names = append(s.names, name)
}

// readShared reads the shared variables names at index srv outside any context,
// atomically: it takes the server's lock and releases it without writing.
func (s *Server) readShared(srv tla.Value, names ...string) (map[string]tla.Value, error) {
	cl := s.state.newCtxLock()
	iface := distsys.ArchetypeInterface{}
	out := make(map[string]tla.Value, len(names))
	for range 20 {
		var err error
		for _, name := range names {
			h := s.shared[name].handle(cl)
			var v tla.Value
			v, err = h.ReadValue(iface)
			defer h.Abort(iface)
			if err != nil {
				break
			}
			out[name] = v.ApplyFunction(srv)
		}
		if err == nil {
			return out, nil
		}
		if !errors.Is(err, distsys.ErrCriticalSectionAborted) {
			return nil, err
		}
	}
	return nil, errors.New("shared state: lock busy")
}

// Run runs the server until ctx is cancelled (nil) or a context fails (its error). It
// stops every context and closes the store before returning.
func (s *Server) Run(ctx context.Context) error {
	defer s.closeAll()
	go func() {
		if err := s.monitor.ListenAndServe(); err != nil {
			s.log.Debug("monitor stopped", "err", err)
		}
	}()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /status", s.handleStatus)
	s.admin = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := s.admin.Serve(s.adminLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Warn("admin server stopped", "err", err)
		}
	}()
	failed := make(chan error, len(s.ctxs))
	var wg sync.WaitGroup
	for i, c := range s.ctxs {
		wg.Go(func() {
			err := s.monitor.RunArchetype(c)
			if err != nil && ctx.Err() == nil {
				failed <- fmt.Errorf("%s: %w", s.names[i], err)
			}
		})
	}
	s.log.Info("server started", "mailbox", s.mustServer().Mailbox, "monitor", s.monitor.Addr(), "admin", s.adminLn.Addr().String(), "peers", s.cfg.N()-1)
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go s.watch(watchCtx)
	var err error
	select {
	case <-ctx.Done():
		s.log.Info("shutting down")
	case err = <-failed:
		s.log.Error("a context failed; stopping the server", "err", err)
	}
	var stopWG sync.WaitGroup
	for _, c := range s.ctxs {
		stopWG.Go(c.Stop)
	}
	s.timer.Close() // wakes the election timer
	stopWG.Wait()
	wg.Wait()
	s.log.Info("server stopped")
	return err
}

func (s *Server) mustServer() config.Server {
	me, _ := s.cfg.Server(s.id)
	return me
}

func (s *Server) closeAll() {
	if s.admin != nil {
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = s.admin.Shutdown(sctx)
		cancel()
	} else if s.adminLn != nil {
		s.adminLn.Close()
	}
	if s.monitor != nil {
		s.monitor.Close()
	}
	if s.detectors != nil {
		s.detectors.Close()
	}
	if len(s.ctxs) > 0 {
		// Contexts that never ran close their resources on Stop.
		for _, c := range s.ctxs {
			c.Stop()
		}
	}
	if s.db != nil {
		if err := s.db.Close(); err != nil {
			s.log.Warn("closing the store", "err", err)
		}
		s.db = nil
	}
}

// Status reads the server's state; upto > 0 also hashes the first upto log entries.
func (s *Server) Status(upto int) (*status.Status, error) {
	srv := s.self
	vals, err := s.readShared(srv, "hardState", "state", "leader", "commitIndex", "log")
	if err != nil {
		return nil, err
	}
	hs := vals["hardState"]
	l := vals["log"]
	st := &status.Status{
		ID:          s.id,
		State:       vals["state"].AsString(),
		Term:        int(hs.ApplyFunction(tla.MakeString("term")).AsNumber()),
		VotedFor:    int(hs.ApplyFunction(tla.MakeString("votedFor")).AsNumber()),
		Leader:      int(vals["leader"].AsNumber()),
		CommitIndex: int(vals["commitIndex"].AsNumber()),
		// ModuleLen and ApplyFunction, not AsTuple, which would build a persistent list
		// of the whole log at every call.
		LogLength: int(tla.ModuleLen(l).AsNumber()),
	}
	if st.LogLength > 0 {
		st.LastLogTerm = int(l.ApplyFunction(tla.MakeNumber(int32(st.LogLength))).ApplyFunction(tla.MakeString("term")).AsNumber())
	}
	if upto > 0 {
		h, err := status.HashPrefix(l, upto)
		if err != nil {
			return nil, err
		}
		st.PrefixLength, st.PrefixHash = min(upto, st.LogLength), h
	}
	return st, nil
}

func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	upto := 0
	if q := r.URL.Query().Get("upto"); q != "" {
		v, err := strconv.Atoi(q)
		if err != nil || v < 0 {
			http.Error(w, "bad upto", http.StatusBadRequest)
			return
		}
		upto = v
	}
	st, err := s.Status(upto)
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(st)
}

// watch logs the server's role, term and leader when they change (polled every 100 ms).
func (s *Server) watch(ctx context.Context) {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	var last status.Status
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		st, err := s.Status(0)
		if err != nil {
			continue
		}
		if st.State != last.State || st.Term != last.Term || st.Leader != last.Leader {
			s.log.Info("role", "state", st.State, "term", st.Term, "leader", st.Leader,
				"commit_index", st.CommitIndex, "log_length", st.LogLength)
			last = *st
		}
	}
}
