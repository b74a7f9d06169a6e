// Package node runs one pbkvs replica process: the AReplica archetype of gen/pbkvs and
// the AElection archetype of gen/leaderelection, bound to TCP resources as the headers of
// specs/pbkvs.tla and specs/leaderelection.tla prescribe, under one resources.Monitor.
//
// The process is fail-stop: when either context stops with an error, Run stops the other
// and returns the error, so that the process exits and every failure detector watching
// it reports it crashed.
package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/binding"
	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/gen/leaderelection"
	"github.com/mpgo/mpgo/gen/pbkvs"
	"github.com/mpgo/mpgo/resources"
	"github.com/mpgo/mpgo/store"
)

// initialView is the leader-election view before any announcement.
var initialView = tla.MakeRecord([]tla.RecordField{
	{Key: tla.MakeString("epoch"), Value: tla.MakeNumber(0)},
	{Key: tla.MakeString("leader"), Value: tla.MakeNumber(0)},
})

// Options are the optional parameters of Run.
type Options struct {
	// Logger receives the replica's logs; nil discards them.
	Logger *slog.Logger
	// Ready, if set, is called once every listener is bound, before the contexts run.
	Ready func()
}

// Run runs replica id of cfg until ctx is done (then it stops cleanly and returns nil) or
// one of its contexts stops (then it returns the error).
func Run(ctx context.Context, cfg *config.Config, id int, opts Options) (err error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if _, ok := cfg.Replica(id); !ok {
		return fmt.Errorf("no replica %d in the configuration (replicas 1..%d)", id, cfg.N())
	}
	log = log.With("replica", id)
	t := cfg.Timeouts

	// Bind-check every mailbox port first: the mailbox constructors panic on a bind failure.
	for off := range config.MailboxPorts {
		if err := probe(cfg.MailboxAddr(id, off)); err != nil {
			return err
		}
	}
	monitor := resources.NewMonitor(cfg.MonitorAddr(id))
	if err := monitor.Listen(); err != nil {
		return err
	}
	defer monitor.Close()
	go func() {
		if err := monitor.ListenAndServe(); err != nil {
			log.Error("monitor stopped", "err", err)
		}
	}()

	detectors := binding.NewDetectors(cfg, t.FDGrace)
	defer detectors.Close()
	view := resources.NewLocalSharedManager(initialView, resources.WithLocalSharedResourceTimeout(t.Lock))

	var db distsys.ArchetypeResource
	if cfg.DataDir != "" {
		dir := filepath.Join(cfg.DataDir, "replica-"+strconv.Itoa(id))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		sdb, err := store.Open(filepath.Join(dir, "state.db"))
		if err != nil {
			return fmt.Errorf("data dir: %w", err)
		}
		defer sdb.Close()
		db, err = persistent(sdb, log)
		if err != nil {
			return err
		}
	} else {
		db = distsys.NewLocalArchetypeResource(pbkvs.EmptyDB(constantsIFace(cfg)))
	}

	mbOpts := []resources.MailboxesOption{
		resources.WithMailboxesReadTimeout(t.MailboxRead),
		resources.WithMailboxesDialTimeout(t.MailboxDial),
		resources.WithMailboxesWriteTimeout(t.MailboxWrite),
		resources.WithMailboxesReceiveChanSize(max(100, 4*cfg.Batch)),
	}
	self := binding.ReplicaID(id)
	fd := binding.NewFDMap(cfg, detectors, true)
	netMB, err := construct(func() *resources.Mailboxes {
		return binding.PBKVSMailboxes(cfg, self, -1, append(mbOpts, fd.AbandonWhenCrashed())...)
	})
	if err != nil {
		return err
	}
	var checkedOpts []binding.CheckedOption
	if cfg.AsyncAnswers {
		checkedOpts = append(checkedOpts, binding.WithAsyncAnswers(fd.Crashed, mbOpts...))
	}
	net := binding.NewCheckedMailboxes(cfg, self, netMB, log, checkedOpts...)
	replica := distsys.NewMPCalContext(self, pbkvs.AReplica, append(binding.Constants(cfg),
		distsys.EnsureArchetypeRefParam("net", net),
		distsys.EnsureArchetypeRefParam("netLen", resources.NewMailboxesLength(netMB)),
		distsys.EnsureArchetypeRefParam("fd", fd),
		distsys.EnsureArchetypeRefParam("leader", resources.NewIncMap(func(tla.Value) distsys.ArchetypeResource {
			return view.MakeLocalShared()
		})),
		distsys.EnsureArchetypeRefParam("db", db),
		distsys.EnsureArchetypeRefParam("alive", resources.NewDummy(resources.WithDummyValue(tla.ModuleTRUE))),
	)...)

	elFD := binding.NewFDMap(cfg, detectors, false)
	elMB, err := construct(func() *resources.Mailboxes {
		return binding.ElectionMailboxes(cfg, id, elFD.AbandonWhenCrashed(),
			resources.WithMailboxesReadTimeout(t.ElectionRead),
			resources.WithMailboxesDialTimeout(t.MailboxDial),
			resources.WithMailboxesWriteTimeout(t.MailboxWrite))
	})
	if err != nil {
		replica.Stop()
		return err
	}
	election := distsys.NewMPCalContext(binding.ElectionSelf(id), leaderelection.AElection, append(binding.ElectionConstants(cfg),
		distsys.EnsureArchetypeValueParam("me", self),
		distsys.EnsureArchetypeRefParam("net", elMB),
		distsys.EnsureArchetypeRefParam("fd", elFD),
		distsys.EnsureArchetypeRefParam("leader", resources.NewIncMap(func(tla.Value) distsys.ArchetypeResource {
			return &viewLogger{Persistable: view.MakeLocalShared(), log: log}
		})),
		distsys.EnsureArchetypeRefParam("alive", resources.NewDummy(resources.WithDummyValue(tla.ModuleTRUE))),
	)...)

	log.Info("replica starting", "replicas", cfg.N(), "batch", cfg.Batch,
		"mailbox", cfg.MailboxAddr(id, 0), "monitor", monitor.Addr())
	if opts.Ready != nil {
		opts.Ready()
	}
	type result struct {
		name string
		err  error
	}
	results := make(chan result, 2)
	go func() { results <- result{"AReplica", monitor.RunArchetype(replica)} }()
	go func() { results <- result{"AElection", monitor.RunArchetype(election)} }()

	stopAll := func() {
		// Stop blocks until Run returns; stop both concurrently.
		done := make(chan struct{})
		go func() { election.Stop(); close(done) }()
		replica.Stop()
		<-done
	}
	select {
	case <-ctx.Done():
		log.Info("replica stopping")
		stopAll()
		for range 2 {
			if r := <-results; r.err != nil && !errors.Is(r.err, context.Canceled) {
				log.Warn("context stopped with an error during shutdown", "archetype", r.name, "err", r.err)
			}
		}
		log.Info("replica stopped")
		return nil
	case r := <-results:
		if r.err == nil {
			r.err = errors.New("terminated")
		}
		log.Error("context stopped: failing the replica", "archetype", r.name, "err", r.err)
		stopAll()
		<-results
		return fmt.Errorf("%s stopped: %w", r.name, r.err)
	}
}

// probe reports whether addr can be bound now.
func probe(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return l.Close()
}

// construct calls a mailbox constructor, turning its bind panic into an error.
func construct(f func() *resources.Mailboxes) (mb *resources.Mailboxes, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return f(), nil
}

// constantsIFace evaluates definitions of gen/pbkvs outside a context.
func constantsIFace(cfg *config.Config) distsys.ArchetypeInterface {
	return distsys.NewMPCalContextWithoutArchetype(binding.Constants(cfg)...).IFace()
}

// persistent returns the db parameter kept in sdb (resources.MakePersistent): the state is
// written at every commit that changed it, and reloaded at start-up.
func persistent(sdb *store.DB, log *slog.Logger) (res distsys.ArchetypeResource, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("data dir: %v", r)
		}
	}()
	local := distsys.NewLocalArchetypeResource(pbkvs.EmptyDB(distsys.NewMPCalContextWithoutArchetype(
		distsys.DefineConstantValue("NULL", binding.Null)).IFace()))
	res = resources.MakePersistent("pbkvs-db", sdb, local)
	v, _ := local.ReadValue(distsys.ArchetypeInterface{})
	log.Info("state loaded", "keys", v.ApplyFunction(tla.MakeString("kv")).AsFunction().Len())
	return res, nil
}

// viewLogger logs the leader-election views the replica adopts.
type viewLogger struct {
	resources.Persistable
	log     *slog.Logger
	written tla.Value
	dirty   bool
}

func (v *viewLogger) WriteValue(iface distsys.ArchetypeInterface, value tla.Value) error {
	if err := v.Persistable.WriteValue(iface, value); err != nil {
		return err
	}
	v.written, v.dirty = value, true
	return nil
}

func (v *viewLogger) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	if v.dirty {
		v.log.Info("leader view", "epoch", v.written.ApplyFunction(tla.MakeString("epoch")).String(),
			"leader", v.written.ApplyFunction(tla.MakeString("leader")).String())
		v.dirty = false
	}
	return v.Persistable.Commit(iface)
}

func (v *viewLogger) Abort(iface distsys.ArchetypeInterface) chan struct{} {
	v.dirty = false
	return v.Persistable.Abort(iface)
}
