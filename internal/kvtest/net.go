package kvtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"
)

// FreePorts returns n distinct TCP ports that were free on 127.0.0.1: it listens on port 0
// n times at once, notes the ports and closes the listeners. Another process may take a
// port before the caller binds it; tests should tolerate the rare failure to bind.
func FreePorts(n int) ([]int, error) {
	lns := make([]net.Listener, 0, n)
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	ports := make([]int, 0, n)
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("kvtest: finding a free port: %w", err)
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// Poll calls f until it returns nil or ctx is done. It waits interval after the first
// failure and doubles the wait after each further one, up to 16 × interval. On ctx's end
// it returns ctx's error, with f's last error in the message.
func Poll(ctx context.Context, interval time.Duration, f func(ctx context.Context) error) error {
	if interval <= 0 {
		interval = time.Millisecond
	}
	wait := interval
	for {
		err := f(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return pollErr(ctx, err)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return pollErr(ctx, err)
		case <-timer.C:
		}
		wait = min(2*wait, 16*interval)
	}
}

func pollErr(ctx context.Context, last error) error {
	cerr := context.Cause(ctx)
	if last == nil || errors.Is(last, cerr) {
		return cerr
	}
	return fmt.Errorf("%w (last error: %v)", cerr, last)
}

// WaitForTCP waits until a TCP connection to addr succeeds (the connection is closed at
// once) or ctx is done.
func WaitForTCP(ctx context.Context, addr string) error {
	err := Poll(ctx, 5*time.Millisecond, func(ctx context.Context) error {
		d := net.Dialer{Timeout: time.Second}
		c, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return err
		}
		return c.Close()
	})
	if err != nil {
		return fmt.Errorf("kvtest: waiting for %s: %w", addr, err)
	}
	return nil
}
