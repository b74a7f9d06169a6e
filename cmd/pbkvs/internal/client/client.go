// Package client is the Go client library of pbkvs. Each Client is one AClient context of
// gen/pbkvs (specs/pbkvs.tla) with its own response mailbox and Monitor, in a client slot
// of the configuration; it sends each request to the replica it believes is the primary
// and, when its failure detector reports that replica crashed, resends the same request
// (same id) to the next one. A Pool creates clients in free slots and shares one failure
// detector per replica among them.
//
// Client implements kvtest.Client.
package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/binding"
	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/gen/pbkvs"
	"github.com/mpgo/mpgo/internal/kvtest"
	"github.com/mpgo/mpgo/resources"
)

// inputReadTimeout is how long an idle AClient waits for a request before retrying its
// section (it only bounds idle spinning).
const inputReadTimeout = 200 * time.Millisecond

// Pool creates clients of one cluster. It is safe for concurrent use.
type Pool struct {
	cfg       *config.Config
	log       *slog.Logger
	detectors *binding.Detectors

	mu     sync.Mutex
	used   map[int]bool // slots of this pool's open clients
	closed bool
}

// NewPool returns a pool of clients of the cluster cfg describes; log may be nil.
func NewPool(cfg *config.Config, log *slog.Logger) *Pool {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Pool{
		cfg:       cfg,
		log:       log,
		detectors: binding.NewDetectors(cfg, cfg.Timeouts.ClientFDGrace),
		used:      make(map[int]bool),
	}
}

// Close stops the pool's failure detectors; close its clients first.
func (p *Pool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		p.detectors.Close()
	}
	return nil
}

// Client is one client session (an AClient context). Its methods may be called
// concurrently; they are served one at a time, in order.
type Client struct {
	pool    *Pool
	slot    int
	id      string
	mpcal   *distsys.MPCalContext
	monitor *resources.Monitor
	input   chan tla.Value
	output  chan tla.Value
	done    chan struct{} // closed when the context has stopped
	runErr  error         // why, once done is closed

	mu     sync.Mutex // serializes requests
	issued int        // ids of the requests handed to the context so far
	closed bool

	lastFrom atomic.Int32 // the replica that sent the last answer

	closeOnce sync.Once
}

var _ kvtest.Client = (*Client)(nil)

// ErrClosed is returned by the methods of a closed Client.
var ErrClosed = errors.New("pbkvs client: closed")

// NewClient starts a client session in the first slot that is free on this host.
func (p *Pool) NewClient() (*Client, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrClosed
	}
	var lastErr error
	for slot := range p.cfg.Clients.Count {
		if p.used[slot] {
			continue
		}
		c, err := p.start(slot)
		if err != nil {
			lastErr = err
			continue
		}
		p.used[slot] = true
		return c, nil
	}
	return nil, fmt.Errorf("pbkvs client: no free client slot among %d (last error: %v)", p.cfg.Clients.Count, lastErr)
}

// start starts a session in slot, or fails if its ports are taken.
func (p *Pool) start(slot int) (*Client, error) {
	cfg := p.cfg
	monitor := resources.NewMonitor(cfg.ClientMonitorAddr(slot))
	if err := monitor.Listen(); err != nil {
		return nil, err
	}
	if l, err := net.Listen("tcp", cfg.ClientMailboxAddr(slot)); err != nil {
		monitor.Close()
		return nil, err
	} else {
		l.Close()
	}
	id := config.NewClientID(slot)
	self := tla.MakeString(id)
	t := cfg.Timeouts
	fd := binding.NewFDMap(cfg, p.detectors, false)
	mb, err := func() (mb *resources.Mailboxes, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%v", r)
			}
		}()
		return binding.PBKVSMailboxes(cfg, self, slot,
			resources.WithMailboxesReadTimeout(t.MailboxRead),
			resources.WithMailboxesDialTimeout(t.MailboxDial),
			resources.WithMailboxesWriteTimeout(t.MailboxWrite),
			fd.AbandonWhenCrashed()), nil
	}()
	if err != nil {
		monitor.Close()
		return nil, err
	}
	c := &Client{
		pool:    p,
		slot:    slot,
		id:      id,
		monitor: monitor,
		input:   make(chan tla.Value, 1),
		output:  make(chan tla.Value, 16),
		done:    make(chan struct{}),
	}
	c.mpcal = distsys.NewMPCalContext(self, pbkvs.AClient, append(binding.Constants(cfg),
		distsys.EnsureArchetypeRefParam("net", binding.NewCheckedMailboxes(cfg, self, mb, p.log)),
		distsys.EnsureArchetypeRefParam("fd", fd),
		distsys.EnsureArchetypeRefParam("input", resources.NewInputChan(c.input, resources.WithInputChanReadTimeout(inputReadTimeout))),
		distsys.EnsureArchetypeRefParam("output", resources.NewOutputChan(c.output)),
	)...)
	go func() {
		if err := monitor.ListenAndServe(); err != nil {
			p.log.Warn("client monitor stopped", "client", id, "err", err)
		}
	}()
	go func() {
		err := monitor.RunArchetype(c.mpcal)
		if err == nil {
			err = ErrClosed
		}
		c.runErr = err
		close(c.done)
	}()
	p.log.Debug("client started", "client", id, "slot", slot)
	return c, nil
}

// LastPrimary returns the replica that answered the last request (0 before any answer).
func (c *Client) LastPrimary() int { return int(c.lastFrom.Load()) }

// ID returns the session's client id.
func (c *Client) ID() string { return c.id }

// Get returns the value of key at the primary.
func (c *Client) Get(ctx context.Context, key string) (string, bool, error) {
	a, err := c.do(ctx, binding.Request("get", key, binding.Null))
	if err != nil {
		return "", false, err
	}
	return a.Value, a.Found, nil
}

// Put stores value under key; it returns once every live replica holds it.
func (c *Client) Put(ctx context.Context, key, value string) error {
	_, err := c.do(ctx, binding.Request("put", key, tla.MakeString(value)))
	return err
}

// do hands req to the AClient context and waits for its answer. If ctx has no deadline,
// the configured request timeout applies.
func (c *Client) do(ctx context.Context, req tla.Value) (binding.Answer, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return binding.Answer{}, fmt.Errorf("%w: %w", ErrClosed, kvtest.ErrNotApplied)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.pool.cfg.Timeouts.Request)
		defer cancel()
	}
	if err := ctx.Err(); err != nil {
		return binding.Answer{}, fmt.Errorf("pbkvs client: %w (%w)", err, kvtest.ErrNotApplied)
	}
	select {
	case c.input <- req:
	case <-ctx.Done():
		return binding.Answer{}, fmt.Errorf("pbkvs client: %w (%w)", ctx.Err(), kvtest.ErrNotApplied)
	case <-c.done:
		return binding.Answer{}, fmt.Errorf("pbkvs client: %w (%w)", c.runErr, kvtest.ErrNotApplied)
	}
	c.issued++
	want := c.issued
	for {
		select {
		case v := <-c.output:
			a, ok := binding.ParseAnswer(v)
			if !ok || a.ID < want {
				continue // the answer to an earlier, abandoned request
			}
			if a.ID > want {
				return binding.Answer{}, fmt.Errorf("pbkvs client: answer to request %d while waiting for %d", a.ID, want)
			}
			c.lastFrom.Store(int32(a.From))
			return a, nil
		case <-ctx.Done():
			return binding.Answer{}, fmt.Errorf("pbkvs client: request %d: %w", want, ctx.Err())
		case <-c.done:
			return binding.Answer{}, fmt.Errorf("pbkvs client: request %d: %w", want, c.runErr)
		}
	}
}

// Close stops the session. A request in progress returns an error.
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		c.mpcal.Stop()
		<-c.done
		c.monitor.Close()
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		c.pool.mu.Lock()
		delete(c.pool.used, c.slot)
		c.pool.mu.Unlock()
	})
	return nil
}
