package resources

import (
	"errors"
	"time"
)

// mailboxTransport is the connection layer below mailboxes. The protocol
// (batches, acks, retries, exactly-once dedup, push-back) is written once
// over it in mailbox_send.go and mailbox_recv.go; a transport only moves
// opaque frames.
//
// Contract:
//   - listen binds addr now (a bind failure is returned at once) and accepts
//     connections until closed; dial connects within timeout.
//   - A connection carries whole frames in both directions, FIFO, without
//     loss or duplication while it is open; once either side closes it, or it
//     fails, both sides get errors and frames in flight may be lost.
//   - send and recv honour their deadline (zero: none) and return promptly
//     once the connection is closed, from any goroutine.
//   - recv rejects frames larger than the configured maximum frame size with
//     an error (the caller then closes the connection).
//
// A TCP transport (NewTCPMailboxes, NewRelaxedMailboxes) implements frames as
// a 4-byte big-endian length followed by the payload, read whole before
// decoding, maps deadlines to SetReadDeadline/SetWriteDeadline, and is passed
// to newMailboxes like the in-memory one.
type mailboxTransport interface {
	listen(addr string) (mailboxListener, error)
	dial(addr string, timeout time.Duration) (mailboxConn, error)
}

type mailboxListener interface {
	accept() (mailboxConn, error) // errTransportClosed once closed
	close() error
}

type mailboxConn interface {
	send(frame []byte, deadline time.Time) error
	recv(deadline time.Time) ([]byte, error)
	close() error
}

var (
	errTransportClosed  = errors.New("connection closed")
	errTransportTimeout = errors.New("i/o timeout")
)
