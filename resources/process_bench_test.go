package resources_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

// tcpReceiverChild owns mailbox 1 on a fresh loopback port, prints
// "addr <address>", and consumes values (one committed section each) until
// it reads -1; then it prints "done <count>".
func tcpReceiverChild(out *childOut, relaxed bool) error {
	mk := resources.NewTCPMailboxes
	if relaxed {
		mk = resources.NewRelaxedMailboxes
	}
	m := mk(func(tla.Value) (resources.MailboxKind, string) { return resources.MailboxesLocal, "127.0.0.1:0" },
		resources.WithMailboxesLocalIndices(num(1)), resources.WithMailboxesReceiveChanSize(1024))
	defer m.Close()
	out.say("addr %s", m.ListenAddr(num(1)))
	var iface distsys.ArchetypeInterface
	count := 0
	for {
		box, err := m.Index(iface, num(1))
		if err != nil {
			return err
		}
		v, err := box.ReadValue(iface)
		if err != nil {
			wait(m.Abort(iface)) // read timeout: try again
			continue
		}
		wait(m.Commit(iface))
		if v.AsNumber() < 0 {
			out.say("done %d", count)
			return nil
		}
		count++
	}
}

// benchTCPMailbox measures one-way messages between two OS processes over
// loopback: this process commits b.N sections, each sending one value to a
// receiver child process, and the clock stops once the child has consumed
// them all. Strict sections cost a prepare and a commit round trip.
func benchTCPMailbox(b *testing.B, relaxed bool) {
	env := []string{}
	if relaxed {
		env = append(env, envRelaxed+"=1")
	}
	child := startHelper(b, "tcp-recv", env...)
	addr := child.expect("addr ")
	mk := resources.NewTCPMailboxes
	if relaxed {
		mk = resources.NewRelaxedMailboxes
	}
	m := mk(func(tla.Value) (resources.MailboxKind, string) { return resources.MailboxesRemote, addr })
	defer m.Close()
	var iface distsys.ArchetypeInterface
	send := func(v tla.Value) {
		for {
			box, _ := m.Index(iface, num(1))
			if err := box.WriteValue(iface, v); err == nil {
				if err = waitErr(m.PreCommit(iface)); err == nil {
					wait(m.Commit(iface))
					return
				}
			}
			wait(m.Abort(iface))
		}
	}
	lat := make([]time.Duration, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		t0 := time.Now()
		send(num(int32(i)))
		lat[i] = time.Since(t0)
	}
	send(num(-1))
	got, err := strconv.Atoi(child.expect("done "))
	elapsed := time.Since(start)
	b.StopTimer()
	if err != nil || got != b.N {
		b.Fatalf("the receiver got %d values (%v), want %d", got, err, b.N)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-commit-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-commit-µs")
}

// BenchmarkTCPMailboxStrictTwoProcesses: strict (exactly-once) mailboxes.
func BenchmarkTCPMailboxStrictTwoProcesses(b *testing.B) { benchTCPMailbox(b, false) }

// BenchmarkTCPMailboxRelaxedTwoProcesses: relaxed (at-most-once) mailboxes.
func BenchmarkTCPMailboxRelaxedTwoProcesses(b *testing.B) { benchTCPMailbox(b, true) }

// benchPersistentLog appends b.N single-entry commands, each committed in
// its own section, spread over `contexts` goroutines with a log each, all in
// one store; every commit waits until durable.
func benchPersistentLog(b *testing.B, contexts int) {
	db := openStore(b, filepath.Join(b.TempDir(), "bench.db"))
	logs := make([]distsys.ArchetypeResource, contexts)
	for c := range logs {
		logs[c] = resources.NewPersistentLog(fmt.Sprintf("log-%d", c), db)
	}
	entry := plogCmd(resources.LogConcat, "entries", tup(tla.MakeTuple(num(1), str("a command of some size: set key to value"))))
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for _, l := range logs {
		wg.Go(func() {
			var iface distsys.ArchetypeInterface
			for next.Add(1) <= int64(b.N) {
				_ = l.WriteValue(iface, entry)
				wait(l.Commit(iface))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	st := db.Stats()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "appends/s")
	b.ReportMetric(float64(st.Syncs)/float64(b.N), "fsyncs/append")
}

// BenchmarkPersistentLogSequential: one context, one fsync per append.
func BenchmarkPersistentLogSequential(b *testing.B) { benchPersistentLog(b, 1) }

// BenchmarkPersistentLogGroupCommit32: 32 contexts appending concurrently;
// the store's group commit shares each fsync among them.
func BenchmarkPersistentLogGroupCommit32(b *testing.B) { benchPersistentLog(b, 32) }
