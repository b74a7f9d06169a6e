package kvtest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// store is the server side of a fake key-value store.
type store interface {
	get(key string) (string, bool)
	put(key, value string)
}

// memKV is a linearizable in-memory store: a map under a mutex.
type memKV struct {
	mu sync.Mutex
	m  map[string]string
}

func newMemKV() *memKV { return &memKV{m: map[string]string{}} }

func (s *memKV) get(key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	return v, ok
}

func (s *memKV) put(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = value
}

func (s *memKV) snapshot() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.m)
}

// restore replaces the contents, like a node that lost its recent writes in a crash.
func (s *memKV) restore(m map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m = maps.Clone(m)
}

// staleKV is not linearizable: writes go to a primary and reads are served by a replica
// that applies the writes only once more than lag newer ones have arrived.
type staleKV struct {
	mu      sync.Mutex
	replica map[string]string
	pending [][2]string
	lag     int
}

func newStaleKV(lag int) *staleKV { return &staleKV{replica: map[string]string{}, lag: lag} }

func (s *staleKV) get(key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.replica[key]
	return v, ok
}

func (s *staleKV) put(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending = append(s.pending, [2]string{key, value})
	for len(s.pending) > s.lag {
		s.replica[s.pending[0][0]] = s.pending[0][1]
		s.pending = s.pending[1:]
	}
}

var errFlaky = errors.New("fake: connection lost")

// fakeClient is a client of a fake store, with optional simulated latency and failures.
type fakeClient struct {
	s        store
	rng      *rand.Rand
	maxDelay time.Duration // random latency before and after the store is reached
	// Every putErrEvery-th Put is applied but answered with an error; every
	// putDropEvery-th is answered with an error without being applied; every
	// getErrEvery-th Get fails. Zero disables.
	putErrEvery, putDropEvery, getErrEvery int
	notApplied                             bool // dropped Puts return ErrNotApplied
	puts, gets                             int
	closed                                 *atomic.Int32
}

func newFakeClient(s store, seed uint64) *fakeClient {
	return &fakeClient{s: s, rng: rand.New(rand.NewPCG(seed, 7)), closed: new(atomic.Int32)}
}

func (c *fakeClient) delay() {
	if c.maxDelay > 0 {
		time.Sleep(time.Duration(c.rng.Int64N(int64(c.maxDelay))))
	}
}

func (c *fakeClient) Get(ctx context.Context, key string) (string, bool, error) {
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	c.gets++
	c.delay()
	if c.getErrEvery > 0 && c.gets%c.getErrEvery == 0 {
		return "", false, errFlaky
	}
	v, ok := c.s.get(key)
	c.delay()
	return v, ok, nil
}

func (c *fakeClient) Put(ctx context.Context, key, value string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.puts++
	c.delay()
	if c.putDropEvery > 0 && c.puts%c.putDropEvery == 0 {
		if c.notApplied {
			return errors.Join(ErrNotApplied, errFlaky)
		}
		return errFlaky
	}
	c.s.put(key, value)
	c.delay()
	if c.putErrEvery > 0 && c.puts%c.putErrEvery == 0 {
		return errFlaky
	}
	return nil
}

func (c *fakeClient) Close() error {
	c.closed.Add(1)
	return nil
}

// fakeTB stands for a *testing.T in tests of the test helpers: it records what they log
// and report, and runs the cleanups on demand.
type fakeTB struct {
	dir      string
	failed   bool
	mu       sync.Mutex
	cleanups []func()
	logs     []string
	errors   []string
}

func (f *fakeTB) Helper()               {}
func (f *fakeTB) TempDir() string       { return f.dir }
func (f *fakeTB) Cleanup(fn func())     { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) Failed() bool          { return f.failed || len(f.errors) > 0 }
func (f *fakeTB) Fatalf(string, ...any) { panic("Fatalf") }

func (f *fakeTB) Logf(format string, a ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logs = append(f.logs, fmt.Sprintf(format, a...))
}

func (f *fakeTB) Errorf(format string, a ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, a...))
}

func (f *fakeTB) runCleanups() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}
