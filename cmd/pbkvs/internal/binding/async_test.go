package binding

import (
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/internal/kvtest"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Answers handed to the asynchronous senders arrive in order, exactly once; once the client
// is reported crashed, pending answers are dropped and closing does not wait for them.
func TestAsyncAnswers(t *testing.T) {
	ports, err := kvtest.FreePorts(1)
	require.NoError(t, err)
	cfg := testConfig(t)
	cfg.Clients.FirstPort = ports[0] // slot 0's response mailbox listens on the free port
	var crashed atomic.Bool
	self := tla.MakeString(config.NewClientID(0))
	mb := PBKVSMailboxes(cfg, self, 0, resources.WithMailboxesReadTimeout(20*time.Millisecond))
	a := newAsyncResponses(cfg, func(c tla.Value) bool { return c.Equal(self) && crashed.Load() }, slog.New(slog.DiscardHandler),
		resources.WithMailboxesWriteTimeout(200*time.Millisecond))

	for i := 1; i <= 5; i++ {
		a.enqueue(self, []tla.Value{num(2*i - 1), num(2 * i)})
	}
	var iface distsys.ArchetypeInterface
	read := func(timeout time.Duration) (tla.Value, bool) {
		deadline := time.Now().Add(timeout)
		for time.Now().Before(deadline) {
			child, err := mb.Index(iface, Index(self, KindResp))
			require.NoError(t, err)
			v, err := child.ReadValue(iface)
			if err != nil {
				if ch := mb.Abort(iface); ch != nil {
					<-ch
				}
				continue
			}
			if ch := mb.Commit(iface); ch != nil {
				<-ch
			}
			return v, true
		}
		return tla.Value{}, false
	}
	for i := 1; i <= 10; i++ {
		v, ok := read(5 * time.Second)
		require.True(t, ok, "answer %d", i)
		assert.True(t, v.Equal(num(i)), "answer %d is %v", i, v)
	}
	_, ok := read(300 * time.Millisecond)
	assert.False(t, ok, "nothing is delivered twice")

	// The client crashes: its pending answers are dropped.
	require.NoError(t, mb.Close())
	a.enqueue(self, []tla.Value{num(99)})
	time.Sleep(100 * time.Millisecond)
	crashed.Store(true)
	done := make(chan struct{})
	go func() { a.close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("close waits for an answer to a crashed client")
	}
}
