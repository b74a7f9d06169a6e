package kvtest

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"syscall"
	"time"
)

// GarbagePayloads returns a deterministic set of malformed inputs for a server port:
// random bytes, huge length prefixes (32- and 64-bit, both byte orders, and a uvarint as gob
// uses), well-formed-looking frame and text headers followed by garbage, a truncated
// prefix, a lone byte and an empty connection.
func GarbagePayloads(seed uint64) [][]byte {
	r := rand.New(rand.NewPCG(seed, 0x9a7ba9e))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	var ps [][]byte
	ps = append(ps, random(4096))
	ps = append(ps, append(binary.BigEndian.AppendUint32(nil, 0xFFFFFFFF), random(64)...))
	ps = append(ps, append(binary.LittleEndian.AppendUint32(nil, 0xFFFFFFFF), random(64)...))
	ps = append(ps, append(binary.BigEndian.AppendUint32(nil, 0x7FFFFFFF), random(64)...))
	ps = append(ps, append(binary.BigEndian.AppendUint64(nil, 1<<62), random(64)...))
	ps = append(ps, append(binary.AppendUvarint(nil, 1<<62), random(64)...))
	// A plausible small frame whose body is garbage.
	ps = append(ps, append(binary.BigEndian.AppendUint32(nil, 64), random(64)...))
	ps = append(ps, append(binary.AppendUvarint(nil, 64), random(64)...))
	// A length prefix promising more than is sent (the server must not wait forever
	// holding resources; the connection is closed right after).
	ps = append(ps, append(binary.BigEndian.AppendUint32(nil, 1<<20), random(16)...))
	ps = append(ps, PrefixThenGarbage([]byte(`{"op":"put","key":"k","value":`), 256, seed))
	ps = append(ps, PrefixThenGarbage([]byte("GET / HTTP/1.1\r\nHost: x\r\n"), 256, seed))
	ps = append(ps, []byte{0x00, 0x00}) // truncated length prefix
	ps = append(ps, []byte{0xFF})
	ps = append(ps, nil) // connect and close
	return ps
}

// PrefixThenGarbage returns prefix (for example a valid message header of the protocol under
// test) followed by n random bytes.
func PrefixThenGarbage(prefix []byte, n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(len(prefix))))
	b := append([]byte(nil), prefix...)
	for range n {
		b = append(b, byte(r.Uint32()))
	}
	return b
}

// SendGarbage opens one TCP connection to addr per payload, writes the payload and closes
// the connection; with no payloads it sends [GarbagePayloads](1). It gives up after 10s.
// It fails only if it cannot connect: a server that resets the connection or stops reading
// is behaving acceptably. Check afterwards that the server is alive and still serves
// requests.
func SendGarbage(addr string, payloads ...[]byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return SendGarbageContext(ctx, addr, payloads...)
}

// SendGarbageContext is SendGarbage with a context.
func SendGarbageContext(ctx context.Context, addr string, payloads ...[]byte) error {
	if len(payloads) == 0 {
		payloads = GarbagePayloads(1)
	}
	for i, p := range payloads {
		if err := sendOne(ctx, addr, p); err != nil {
			return fmt.Errorf("kvtest: sending garbage payload %d to %s: %w", i, addr, err)
		}
	}
	return nil
}

func sendOne(ctx context.Context, addr string, p []byte) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline := time.Now().Add(2 * time.Second)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	if err := conn.SetDeadline(deadline); err != nil {
		return err
	}
	if len(p) == 0 {
		return nil
	}
	if _, err := conn.Write(p); err != nil && !acceptableWriteErr(err) {
		return err
	}
	return nil
}

// acceptableWriteErr reports whether a write error just means that the server closed the
// connection or stopped reading.
func acceptableWriteErr(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, net.ErrClosed)
}
