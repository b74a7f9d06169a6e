// Command echo runs the Echo example (Echo.tla) as a real system: one server and several
// clients, each an MPCal archetype compiled by mpgo gogen (package ./echo), talking over TCP
// mailboxes on loopback. It is the last step of `make demo-toolchain`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/examples/echo/echo"
	"github.com/mpgo/mpgo/resources"
)

func main() {
	clients := flag.Int("clients", 3, "number of client archetypes")
	reqs := flag.Int("reqs", 5, "requests per client")
	flag.Parse()
	if err := run(*clients, *reqs); err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		os.Exit(1)
	}
}

// freeAddrs reserves n loopback addresses by binding port 0 and releasing the ports.
func freeAddrs(n int) ([]string, error) {
	addrs := make([]string, n)
	for i := range addrs {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		addrs[i] = l.Addr().String()
		l.Close()
	}
	return addrs, nil
}

func run(numClients, numReqs int) error {
	addrs, err := freeAddrs(numClients + 1) // node 0 is the server
	if err != nil {
		return err
	}
	constants := []distsys.MPCalContextConfigFn{
		distsys.DefineConstantValue("NUM_CLIENTS", tla.MakeNumber(int32(numClients))),
		distsys.DefineConstantValue("NUM_REQS", tla.MakeNumber(int32(numReqs))),
	}
	// mailboxes returns the network resource of node self: it owns (listens on) its own
	// mailbox and dials the others.
	mailboxes := func(self int) *resources.Mailboxes {
		return resources.NewTCPMailboxes(func(idx tla.Value) (resources.MailboxKind, string) {
			i := int(idx.AsNumber())
			if i == self {
				return resources.MailboxesLocal, addrs[i]
			}
			return resources.MailboxesRemote, addrs[i]
		}, resources.WithMailboxesLocalIndices(tla.MakeNumber(int32(self))))
	}

	server := distsys.NewMPCalContext(tla.MakeNumber(0), echo.AServer,
		append(constants, distsys.EnsureArchetypeRefParam("net", mailboxes(0)))...)
	serverDone := make(chan error, 1)
	go func() { serverDone <- server.Run() }()

	received := make([]*distsys.LocalArchetypeResource, numClients+1)
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, numClients)
	for c := 1; c <= numClients; c++ {
		received[c] = distsys.NewLocalArchetypeResource(tla.MakeNumber(0))
		got := received[c]
		ctx := distsys.NewMPCalContext(tla.MakeNumber(int32(c)), echo.AClient,
			append(constants,
				distsys.EnsureArchetypeRefParam("net", mailboxes(c)),
				distsys.EnsureArchetypeRefParam("got", resources.NewIncMap(func(tla.Value) distsys.ArchetypeResource { return got })),
			)...)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := ctx.Run(); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	server.Stop()
	// The server may be stopped while its last reply's commit waits for an acknowledgement
	// from a client that has already finished; that cancellation is expected here.
	if err := <-serverDone; err != nil && !errors.Is(err, context.Canceled) {
		slog.Warn("server stopped with an error", "err", err)
	}
	for err := range errs {
		return err
	}
	for c := 1; c <= numClients; c++ {
		v, err := received[c].ReadValue(distsys.ArchetypeInterface{})
		if err != nil {
			return err
		}
		fmt.Printf("client %d received %v answers\n", c, v)
	}
	fmt.Printf("%d clients x %d requests echoed over TCP in %v\n", numClients, numReqs, time.Since(start).Round(time.Millisecond))
	return nil
}
