package resources_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/require"
)

// TestTCPClientServerArchetypes runs the client/server archetypes of
// archetypes_test.go in two contexts over strict TCP mailboxes on loopback
// (port 0): every request is processed exactly once, in order, and every
// response arrives.
func TestTCPClientServerArchetypes(t *testing.T) {
	const n = 50
	const server, client = 0, 1
	var mu sync.Mutex
	addrs := map[int32]string{}
	mapping := func(self int32) resources.MailboxesAddressMappingFn {
		return func(index tla.Value) (resources.MailboxKind, string) {
			if index.AsNumber() == self {
				return resources.MailboxesLocal, "127.0.0.1:0"
			}
			mu.Lock()
			defer mu.Unlock()
			return resources.MailboxesRemote, addrs[index.AsNumber()]
		}
	}
	opts := []resources.MailboxesOption{resources.WithMailboxesReadTimeout(50 * time.Millisecond)}
	serverNet := resources.NewTCPMailboxes(mapping(server), append(opts, resources.WithMailboxesLocalIndices(num(server)))...)
	clientNet := resources.NewTCPMailboxes(mapping(client), append(opts, resources.WithMailboxesLocalIndices(num(client)))...)
	mu.Lock()
	addrs[server], addrs[client] = serverNet.ListenAddr(num(server)), clientNet.ListenAddr(num(client))
	mu.Unlock()

	consts := distsys.EnsureMPCalContextConfigs(
		distsys.DefineConstantValue("SERVER", num(server)),
		distsys.DefineConstantValue("N", num(n)))
	log := distsys.NewLocalArchetypeResource(tup())
	serverCtx := distsys.NewMPCalContext(num(server), AServer, consts,
		distsys.EnsureArchetypeRefParam("net", serverNet),
		distsys.EnsureArchetypeRefParam("log", log))
	outCh := make(chan tla.Value)
	clientCtx := distsys.NewMPCalContext(num(client), AClient, consts,
		distsys.EnsureArchetypeRefParam("net", clientNet),
		distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(outCh)))
	serverErr := make(chan error, 1)
	go func() { serverErr <- serverCtx.Run() }()
	clientErr := make(chan error, 1)
	go func() { clientErr <- clientCtx.Run() }()

	for i := int32(1); i <= n; i++ {
		select {
		case v := <-outCh:
			assertValue(t, "response", v, num(i*10))
		case err := <-clientErr:
			t.Fatalf("client stopped early: %v", err)
		case <-time.After(3 * waitLimit):
			t.Fatalf("no response %d", i)
		}
	}
	require.NoError(t, <-clientErr)
	serverCtx.Stop()
	if err := <-serverErr; err != nil {
		require.ErrorIs(t, err, context.Canceled)
	}
	want := make([]tla.Value, n)
	for i := range want {
		want[i] = num(int32(i + 1))
	}
	got, err := log.ReadValue(zero)
	require.NoError(t, err)
	assertValue(t, "server log", got, tup(want...))
}
