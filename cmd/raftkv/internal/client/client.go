// Package client is the raftkv client library: each Client is one AClient context of
// specs/raftkv.tla (gen/raftkv) with its own mailbox, taking requests from a Go channel
// and delivering responses on another. The archetype numbers requests (a retried Put is
// applied once), follows the servers' leader hints and, when a request times out, resends
// it to the next server. Client implements kvtest.Client.
package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/mpgo/mpgo/cmd/raftkv/internal/config"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/raftnet"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/gen/raftkv"
	"github.com/mpgo/mpgo/internal/kvtest"
	"github.com/mpgo/mpgo/resources"
)

// Pool creates clients sharing one process's failure detectors (one per server).
type Pool struct {
	cfg       *config.Config
	detectors *raftnet.Detectors
	log       *slog.Logger
}

// NewPool returns a pool for the cluster cfg. Clients join a running cluster, so a server
// whose monitor does not answer within about FDTimeout is suspected at once.
func NewPool(cfg *config.Config, log *slog.Logger) *Pool {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := *cfg
	c.Timeouts.FDGrace = 2 * cfg.Timeouts.FDTimeout
	return &Pool{cfg: cfg, detectors: raftnet.NewDetectors(&c, 0), log: log}
}

// Close stops the pool's failure detectors; close the clients first.
func (p *Pool) Close() { p.detectors.Close() }

// Client is one AClient context. Its methods must not be called concurrently.
type Client struct {
	pool     *Pool
	id       tla.Value
	ctx      *distsys.MPCalContext
	reqCh    chan tla.Value
	respCh   chan tla.Value
	timeouts chan tla.Value
	runDone  chan struct{}
	runErr   error

	outstanding bool // a request was submitted and its response not yet received
	closeOnce   sync.Once
}

var _ kvtest.Client = (*Client)(nil)

// New starts a client: it binds a mailbox on a free port of the configured client host.
func (p *Pool) New() (*Client, error) {
	var lastErr error
	for range 5 {
		c, err := p.tryNew()
		if err == nil {
			return c, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func (p *Pool) tryNew() (c *Client, err error) {
	// Pick a free port, then let the mailbox bind it (a race with another process is
	// caught below and retried by New).
	l, err := net.Listen("tcp", net.JoinHostPort(p.cfg.ClientHost, "0"))
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	addr := net.JoinHostPort(p.cfg.ClientHost, strconv.Itoa(port))
	id := raftnet.NewClientID(addr)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("client mailbox at %s: %v", addr, r)
		}
	}()
	// The archetype alternates between waiting on its mailbox and checking for a timeout;
	// a longer mailbox wait than the servers' saves CPU and only coarsens the retry time.
	ccfg := *p.cfg
	ccfg.Timeouts.MailboxRead = max(ccfg.Timeouts.MailboxRead, ccfg.Timeouts.ClientRetry/5)
	mbox := raftnet.Mailboxes(&ccfg, id, addr)
	c = &Client{
		pool:     p,
		id:       id,
		reqCh:    make(chan tla.Value, 1),
		respCh:   make(chan tla.Value),
		timeouts: make(chan tla.Value, 1),
		runDone:  make(chan struct{}),
	}
	input := func(ch chan tla.Value, timeout time.Duration) *resources.IncMap {
		in := resources.NewInputChan(ch, resources.WithInputChanReadTimeout(timeout))
		return resources.NewIncMap(func(tla.Value) distsys.ArchetypeResource { return in })
	}
	out := resources.NewOutputChan(c.respCh)
	c.ctx = distsys.NewMPCalContext(id, raftkv.AClient,
		distsys.DefineConstantValue("NumServers", tla.MakeNumber(int32(p.cfg.N()))),
		distsys.EnsureArchetypeRefParam("net", mbox),
		distsys.EnsureArchetypeRefParam("fd", p.detectors.FD()),
		distsys.EnsureArchetypeRefParam("reqCh", input(c.reqCh, 200*time.Millisecond)),
		distsys.EnsureArchetypeRefParam("respCh", resources.NewIncMap(func(tla.Value) distsys.ArchetypeResource { return out })),
		// The timeout is fed by the request in progress (see do); an empty channel aborts
		// at once so that the archetype goes back to its mailbox.
		distsys.EnsureArchetypeRefParam("timeout", input(c.timeouts, 0)),
	)
	go func() {
		defer close(c.runDone)
		c.runErr = c.ctx.Run()
		if c.runErr != nil {
			p.log.Warn("client context stopped", "client", id.String(), "err", c.runErr)
		}
	}()
	return c, nil
}

// ID returns the client's identity (its mailbox address and a nonce).
func (c *Client) ID() string { return c.id.AsString() }

var errClosed = errors.New("raftkv client: closed")

// do submits req and waits for its response. If a previous request's response is still
// due, it waits for that first (the archetype handles one request at a time).
func (c *Client) do(ctx context.Context, req tla.Value) (tla.Value, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.pool.cfg.Timeouts.Request)
		defer cancel()
	}
	ticker := time.NewTicker(c.pool.cfg.Timeouts.ClientRetry)
	defer ticker.Stop()
	if c.outstanding {
		// The earlier request is still being retried by the archetype; this one was not sent.
		if _, err := c.await(ctx, ticker); err != nil {
			return tla.Value{}, fmt.Errorf("%w: the previous request is still pending: %v", kvtest.ErrNotApplied, err)
		}
	}
	select {
	case <-c.timeouts: // a stale timeout of the previous request
	default:
	}
	select {
	case c.reqCh <- req:
	case <-c.runDone:
		return tla.Value{}, fmt.Errorf("%w: %w", kvtest.ErrNotApplied, errClosed)
	}
	c.outstanding = true
	ticker.Reset(c.pool.cfg.Timeouts.ClientRetry)
	return c.await(ctx, ticker)
}

func (c *Client) await(ctx context.Context, ticker *time.Ticker) (tla.Value, error) {
	for {
		select {
		case v := <-c.respCh:
			c.outstanding = false
			return v, nil
		case <-ticker.C:
			select {
			case c.timeouts <- tla.MakeBool(true):
			default:
			}
		case <-ctx.Done():
			return tla.Value{}, ctx.Err()
		case <-c.runDone:
			return tla.Value{}, errClosed
		}
	}
}

func request(typ, key string, value tla.Value) tla.Value {
	return tla.MakeRecord([]tla.RecordField{
		{Key: tla.MakeString("type"), Value: tla.MakeString(typ)},
		{Key: tla.MakeString("key"), Value: tla.MakeString(key)},
		{Key: tla.MakeString("value"), Value: value},
	})
}

// Get returns the value of key (found == false if it has none). The read goes through the
// log, so it is linearizable.
func (c *Client) Get(ctx context.Context, key string) (string, bool, error) {
	resp, err := c.do(ctx, request("get", key, tla.MakeNumber(0)))
	if err != nil {
		return "", false, err
	}
	v := resp.ApplyFunction(tla.MakeString("value"))
	if !v.IsString() {
		return "", false, nil // Nil: no value
	}
	return v.AsString(), true, nil
}

// Put stores value under key.
func (c *Client) Put(ctx context.Context, key, value string) error {
	_, err := c.do(ctx, request("put", key, tla.MakeString(value)))
	return err
}

// Close stops the client's context.
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		c.ctx.Stop()
		<-c.runDone
	})
	return nil
}
