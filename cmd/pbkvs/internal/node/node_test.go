package node_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/client"
	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
	"github.com/mpgo/mpgo/cmd/pbkvs/internal/node"
	"github.com/mpgo/mpgo/internal/kvtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInProcess runs three replicas in this process (so that the race detector sees the
// replica and client code), writes and reads through two clients, stops the primary and
// checks that the clients fail over to replica 2, then shuts everything down cleanly.
func TestInProcess(t *testing.T) {
	base, err := config.FreeRange("127.0.0.1", config.LocalPorts(3, 4))
	require.NoError(t, err)
	cfg, err := config.Local("127.0.0.1", 3, 4, base)
	require.NoError(t, err)
	cfg.Timeouts.FDTimeout = 10 * time.Second

	type replica struct {
		stop context.CancelFunc
		done chan error
	}
	var replicas []replica
	for id := 1; id <= 3; id++ {
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan error, 1)
		ready := make(chan struct{})
		go func() { done <- node.Run(ctx, cfg, id, node.Options{Ready: func() { close(ready) }}) }()
		select {
		case <-ready:
		case err := <-done:
			t.Fatalf("replica %d: %v", id, err)
		}
		replicas = append(replicas, replica{stop, done})
	}
	defer func() {
		for _, r := range replicas {
			r.stop()
		}
	}()

	pool := client.NewPool(cfg, nil)
	defer pool.Close()
	c1, err := pool.NewClient()
	require.NoError(t, err)
	defer c1.Close()
	c2, err := pool.NewClient()
	require.NoError(t, err)
	defer c2.Close()
	assert.NotEqual(t, c1.ID(), c2.ID())

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, found, err := c1.Get(ctx, "x")
	require.NoError(t, err)
	assert.False(t, found)
	for i := range 20 {
		require.NoError(t, c1.Put(ctx, "x", fmt.Sprint(i)))
		v, found, err := c2.Get(ctx, "x")
		require.NoError(t, err)
		require.True(t, found)
		require.Equal(t, fmt.Sprint(i), v)
	}
	assert.Equal(t, 1, c1.LastPrimary())

	// Stop the primary (to the others, a crash).
	replicas[0].stop()
	require.NoError(t, <-replicas[0].done, "a replica stopped by its context returns nil")
	require.NoError(t, c2.Put(ctx, "x", "after"))
	v, _, err := c1.Get(ctx, "x")
	require.NoError(t, err)
	assert.Equal(t, "after", v)
	assert.Equal(t, 2, c1.LastPrimary())
	assert.Equal(t, 2, c2.LastPrimary())

	// A canceled request leaves the session usable: the next one gets its own answer.
	short, cancelShort := context.WithCancel(ctx)
	cancelShort()
	err = c1.Put(short, "y", "maybe")
	require.ErrorIs(t, err, kvtest.ErrNotApplied, "not handed over: definitely not applied")
	require.NoError(t, c1.Put(ctx, "y", "sure"))
	v, _, err = c2.Get(ctx, "y")
	require.NoError(t, err)
	assert.Equal(t, "sure", v)

	for _, r := range replicas[1:] {
		r.stop()
		require.NoError(t, <-r.done)
	}
}
