package main

import (
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/binding"
	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/require"
)

// rawClient sends arbitrary values to replica mailboxes over the mailbox protocol and
// reads the answers addressed to its own client session, without an AClient: it plays a
// client that does not follow the spec's choice of primary, or a faulty peer.
type rawClient struct {
	mu   sync.Mutex
	self tla.Value
	mb   *resources.Mailboxes
}

func startRawClient(t *testing.T, cfg *config.Config) *rawClient {
	t.Helper()
	// Take the last free slot (the test's client pool takes the first ones).
	for slot := cfg.Clients.Count - 1; slot >= 0; slot-- {
		l, err := net.Listen("tcp", cfg.ClientMailboxAddr(slot))
		if err != nil {
			continue
		}
		l.Close()
		self := tla.MakeString(config.NewClientID(slot))
		mb := binding.PBKVSMailboxes(cfg, self, slot, resources.WithMailboxesReadTimeout(100*time.Millisecond))
		t.Cleanup(func() { mb.Close() })
		return &rawClient{self: self, mb: mb}
	}
	t.Fatal("no free client slot")
	return nil
}

var noIface distsys.ArchetypeInterface

func wait[T any](ch chan T) (v T) {
	if ch != nil {
		v = <-ch
	}
	return v
}

// sendValue commits v to mailbox <<replica, kind>>.
func (r *rawClient) sendValue(t *testing.T, replica int, kind string, v tla.Value) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	child, err := r.mb.Index(noIface, binding.Index(binding.ReplicaID(replica), kind))
	require.NoError(t, err)
	require.NoError(t, child.WriteValue(noIface, v))
	require.NoError(t, wait(r.mb.PreCommit(noIface)), "sending to replica %d %s", replica, kind)
	wait(r.mb.Commit(noIface))
}

// send sends the request [from |-> self, id, op, key, value] to replica's request mailbox.
func (r *rawClient) send(t *testing.T, replica, id int, op, key, value string) {
	t.Helper()
	r.sendValue(t, replica, binding.KindReq, tla.MakeRecord([]tla.RecordField{
		{Key: tla.MakeString("from"), Value: r.self},
		{Key: tla.MakeString("id"), Value: tla.MakeNumber(int32(id))},
		{Key: tla.MakeString("op"), Value: tla.MakeString(op)},
		{Key: tla.MakeString("key"), Value: tla.MakeString(key)},
		{Key: tla.MakeString("value"), Value: tla.MakeString(value)},
	}))
}

// answer waits up to timeout for a message in the client's response mailbox.
func (r *rawClient) answer(timeout time.Duration) (binding.Answer, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		child, err := r.mb.Index(noIface, binding.Index(r.self, binding.KindResp))
		if err != nil {
			panic(err)
		}
		v, err := child.ReadValue(noIface)
		if err != nil {
			wait(r.mb.Abort(noIface))
			continue
		}
		wait(r.mb.Commit(noIface))
		a, ok := binding.ParseAnswer(v)
		if !ok {
			panic(fmt.Sprintf("malformed answer %v", v))
		}
		return a, true
	}
	return binding.Answer{}, false
}

// malformed returns values that follow the mailbox protocol but no message shape of the
// spec.
func malformed() tla.Value {
	return tla.MakeRecord([]tla.RecordField{
		{Key: tla.MakeString("from"), Value: tla.MakeNumber(1)},
		{Key: tla.MakeString("epoch"), Value: tla.MakeString("not a number")},
		{Key: tla.MakeString("id"), Value: tla.MakeSet()},
	})
}
