package resources

import (
	"io"
	"net"
	"testing"
	"time"
)

func TestTCPConnNeedDeadline(t *testing.T) {
	now := time.Now()
	c := &tcpConn{}
	if c.needDeadline(time.Time{}) {
		t.Error("no deadline over none: reset")
	}
	if !c.needDeadline(now.Add(time.Second)) {
		t.Error("first deadline: not set")
	}
	c.writeDeadline = now.Add(time.Second)
	for _, tc := range []struct {
		d    time.Time
		want bool
	}{
		{now.Add(time.Second), false},
		{now.Add(time.Second + time.Millisecond), false},  // within the slack
		{now.Add(time.Second + 2*maxDeadlineSlack), true}, // too much later
		{now.Add(time.Second - time.Millisecond), true},   // earlier: always
		{time.Time{}, true},                               // none: always
	} {
		if got := c.needDeadline(tc.d); got != tc.want {
			t.Errorf("needDeadline(now+%v) = %v, want %v", tc.d.Sub(now), got, tc.want)
		}
	}
	// A short timeout gets a proportionally short slack.
	c.writeDeadline = now.Add(8 * time.Millisecond)
	if !c.needDeadline(now.Add(10 * time.Millisecond)) {
		t.Error("2ms later with 10ms left: kept")
	}
}

// One frame per send over loopback, as mailboxes send, each with a fresh deadline.
func BenchmarkTCPConnSend(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	go func() {
		nc, err := ln.Accept()
		if err == nil {
			_, _ = io.Copy(io.Discard, nc)
			nc.Close()
		}
	}()
	tr := newTCPTransport(1 << 20)
	mc, err := tr.dial(ln.Addr().String(), time.Second)
	if err != nil {
		b.Fatal(err)
	}
	defer mc.close()
	frame := make([]byte, 100)
	b.ReportAllocs()
	for b.Loop() {
		if err := mc.send(frame, time.Now().Add(2*time.Second)); err != nil {
			b.Fatal(err)
		}
	}
}
