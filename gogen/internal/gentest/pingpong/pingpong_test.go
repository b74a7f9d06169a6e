package pingpong

import (
	"fmt"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

func mailboxes(network *resources.InMemoryNetwork, self int32) *resources.Mailboxes {
	mapping := func(index tla.Value) (resources.MailboxKind, string) {
		addr := fmt.Sprintf("node%d", index.AsNumber())
		if index.AsNumber() == self {
			return resources.MailboxesLocal, addr
		}
		return resources.MailboxesRemote, addr
	}
	return resources.NewInMemoryMailboxes(network, mapping,
		resources.WithMailboxesLocalIndices(tla.MakeNumber(self)),
		resources.WithMailboxesReadTimeout(20*time.Millisecond))
}

func TestPingPong(t *testing.T) {
	network := resources.NewInMemoryNetwork()
	out := make(chan tla.Value, 1)
	pinger := distsys.NewMPCalContext(tla.MakeNumber(1), APinger,
		distsys.DefineConstantValue("ROUNDS", tla.MakeNumber(25)),
		distsys.EnsureArchetypeRefParam("net", mailboxes(network, 1)),
		distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(out)))
	ponger := distsys.NewMPCalContext(tla.MakeNumber(2), APonger,
		distsys.EnsureArchetypeRefParam("net", mailboxes(network, 2)))
	pongErr := make(chan error, 1)
	go func() { pongErr <- ponger.Run() }()
	pingErr := make(chan error, 1)
	go func() { pingErr <- pinger.Run() }()
	select {
	case err := <-pingErr:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		pinger.Stop()
		ponger.Stop()
		t.Fatal("ping-pong did not finish")
	}
	if got := <-out; !got.Equal(tla.MakeNumber(25)) {
		t.Errorf("pinger finished after %v rounds", got)
	}
	ponger.Stop()
	if err := <-pongErr; err != nil {
		t.Errorf("ponger: %v", err)
	}
}
