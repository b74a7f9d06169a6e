package resources

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/mpgo/mpgo/distsys/tla"
)

// Mailbox wire protocol. Every frame is one transport message: a kind byte,
// then uvarint fields, then (for batches) a count and length-prefixed values
// in tla's binary encoding.
//
//	prepare    session seq prep count {len value}   sender -> receiver (strict PreCommit)
//	commit     session seq prep                     sender -> receiver (strict Commit)
//	ackPrepare seq prep status                      receiver -> sender
//	ackCommit  seq prep status                      receiver -> sender
//	data       count {len value}                    sender -> receiver (relaxed, at Commit)
//
// session is the sender's random id, seq the batch number (last delivered + 1),
// prep numbers the sender's prepare attempts so a stale prepare still in
// flight on an abandoned connection cannot replace a newer one.
const (
	framePrepare byte = iota + 1
	frameCommit
	frameAckPrepare
	frameAckCommit
	frameData
)

// Ack statuses.
const (
	ackOK      byte = iota // prepared / delivered (possibly earlier: a duplicate)
	ackUnknown             // commit of a batch the receiver does not hold: prepare again
	ackStale               // prepare older than one the receiver holds
)

type mailboxFrame struct {
	kind               byte
	session, seq, prep uint64
	status             byte
	values             []tla.Value
}

var errMalformedFrame = errors.New("malformed mailbox frame")

func appendValues(b []byte, values []tla.Value) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(len(values)))
	var enc []byte // reused: one scratch buffer for the batch, not one per value
	for _, v := range values {
		var err error
		if enc, err = v.AppendBinary(enc[:0]); err != nil {
			return nil, err
		}
		b = binary.AppendUvarint(b, uint64(len(enc)))
		b = append(b, enc...)
	}
	return b, nil
}

func encodeFrame(f mailboxFrame) ([]byte, error) {
	b := []byte{f.kind}
	switch f.kind {
	case framePrepare:
		b = binary.AppendUvarint(b, f.session)
		b = binary.AppendUvarint(b, f.seq)
		b = binary.AppendUvarint(b, f.prep)
		return appendValues(b, f.values)
	case frameCommit:
		b = binary.AppendUvarint(b, f.session)
		b = binary.AppendUvarint(b, f.seq)
		return binary.AppendUvarint(b, f.prep), nil
	case frameAckPrepare, frameAckCommit:
		b = binary.AppendUvarint(b, f.seq)
		b = binary.AppendUvarint(b, f.prep)
		return append(b, f.status), nil
	case frameData:
		return appendValues(b, f.values)
	}
	return nil, fmt.Errorf("encoding mailbox frame: unknown kind %d", f.kind)
}

type frameReader struct {
	buf []byte
	err error
}

func (r *frameReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.buf)
	if n <= 0 {
		r.err = fmt.Errorf("%w: bad varint", errMalformedFrame)
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *frameReader) byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.buf) == 0 {
		r.err = fmt.Errorf("%w: truncated", errMalformedFrame)
		return 0
	}
	c := r.buf[0]
	r.buf = r.buf[1:]
	return c
}

func (r *frameReader) values() []tla.Value {
	n := r.uvarint()
	if r.err != nil {
		return nil
	}
	if n == 0 || n > uint64(len(r.buf)) { // every value takes at least one byte; empty batches are never sent
		r.err = fmt.Errorf("%w: bad value count %d", errMalformedFrame, n)
		return nil
	}
	values := make([]tla.Value, 0, n)
	for i := uint64(0); i < n; i++ {
		size := r.uvarint()
		if r.err != nil {
			return nil
		}
		if size > uint64(len(r.buf)) {
			r.err = fmt.Errorf("%w: value length %d beyond the frame", errMalformedFrame, size)
			return nil
		}
		var v tla.Value
		if err := v.UnmarshalBinary(r.buf[:size]); err != nil {
			r.err = fmt.Errorf("%w: %v", errMalformedFrame, err)
			return nil
		}
		r.buf = r.buf[size:]
		values = append(values, v)
	}
	return values
}

// decodeFrame parses one frame; it never panics, and any defect (unknown
// kind, truncation, trailing bytes, bad values) is an error.
func decodeFrame(payload []byte) (mailboxFrame, error) {
	r := frameReader{buf: payload}
	f := mailboxFrame{kind: r.byte()}
	switch f.kind {
	case framePrepare:
		f.session, f.seq, f.prep = r.uvarint(), r.uvarint(), r.uvarint()
		f.values = r.values()
	case frameCommit:
		f.session, f.seq, f.prep = r.uvarint(), r.uvarint(), r.uvarint()
	case frameAckPrepare, frameAckCommit:
		f.seq, f.prep = r.uvarint(), r.uvarint()
		f.status = r.byte()
	case frameData:
		f.values = r.values()
	default:
		if r.err == nil {
			r.err = fmt.Errorf("%w: unknown kind %d", errMalformedFrame, f.kind)
		}
	}
	if r.err == nil && len(r.buf) != 0 {
		r.err = fmt.Errorf("%w: %d trailing bytes", errMalformedFrame, len(r.buf))
	}
	if r.err != nil {
		return mailboxFrame{}, r.err
	}
	return f, nil
}
