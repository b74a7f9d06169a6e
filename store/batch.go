package store

import (
	"fmt"

	"go.etcd.io/bbolt"
)

type opKind uint8

const (
	opPut opKind = iota + 1
	opDelete
	opDeletePrefixFrom
)

// op is one operation of a batch. Its two byte strings are stored back to
// back in the batch's buffer: buf[start:mid] and buf[mid:end] are the key and
// value of a put, the key (and nothing) of a delete, and the prefix and the
// starting key of a DeletePrefixFrom.
type op struct {
	kind            opKind
	start, mid, end int
}

// Batch is an ordered list of write operations that commit atomically. The
// zero value is an empty batch ready to use. Operations copy their arguments,
// so the caller may reuse its slices at once. Operations apply in the order
// they were added, so a Put after a DeletePrefixFrom covering its key
// survives.
//
// A Batch is not safe for concurrent use, and must not be modified between
// handing it to [DB.CommitAsync] and receiving the result (for [DB.Commit],
// until it returns). After that it may be reused, for example after Reset.
//
// An invalid operation (an empty or too long key, a too long value) is not
// added; it is recorded and makes Commit of this batch fail without touching
// the DB. See [Batch.Err].
type Batch struct {
	ops      []op
	buf      []byte
	putBytes int
	err      error
}

func (b *Batch) add(kind opKind, x, y []byte) {
	start := len(b.buf)
	b.buf = append(b.buf, x...)
	mid := len(b.buf)
	b.buf = append(b.buf, y...)
	b.ops = append(b.ops, op{kind: kind, start: start, mid: mid, end: len(b.buf)})
}

func (b *Batch) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

func checkKey(what string, key []byte) error {
	switch {
	case len(key) == 0:
		return fmt.Errorf("%w: empty %s", ErrInvalid, what)
	case len(key) > bbolt.MaxKeySize:
		return fmt.Errorf("%w: %s of %d bytes exceeds %d", ErrInvalid, what, len(key), bbolt.MaxKeySize)
	}
	return nil
}

// Put sets key to value. The key must be 1..32768 bytes long; a nil value is
// stored as an empty value.
func (b *Batch) Put(key, value []byte) {
	if err := checkKey("key", key); err != nil {
		b.fail(err)
		return
	}
	if int64(len(value)) > bbolt.MaxValueSize {
		b.fail(fmt.Errorf("%w: value of %d bytes exceeds %d", ErrInvalid, len(value), bbolt.MaxValueSize))
		return
	}
	b.add(opPut, key, value)
	b.putBytes += len(key) + len(value)
}

// Delete removes key; deleting an absent key is not an error.
func (b *Batch) Delete(key []byte) {
	if err := checkKey("key", key); err != nil {
		b.fail(err)
		return
	}
	b.add(opDelete, key, nil)
}

// DeletePrefixFrom removes every key that starts with prefix and is >= from
// (byte-wise). It truncates the suffix of a log whose keys are prefix followed
// by a fixed-width big-endian index: DeletePrefixFrom(prefix, key(i)) drops the
// entries i, i+1, .... A from that sorts before prefix (for example nil)
// removes every key with the prefix; an empty prefix matches every key.
func (b *Batch) DeletePrefixFrom(prefix, from []byte) {
	if len(prefix) > bbolt.MaxKeySize {
		b.fail(fmt.Errorf("%w: prefix of %d bytes exceeds %d", ErrInvalid, len(prefix), bbolt.MaxKeySize))
		return
	}
	if len(from) > bbolt.MaxKeySize {
		b.fail(fmt.Errorf("%w: start key of %d bytes exceeds %d", ErrInvalid, len(from), bbolt.MaxKeySize))
		return
	}
	b.add(opDeletePrefixFrom, prefix, from)
}

// DeletePrefix removes every key that starts with prefix.
func (b *Batch) DeletePrefix(prefix []byte) { b.DeletePrefixFrom(prefix, nil) }

// Len returns the number of operations in the batch.
func (b *Batch) Len() int { return len(b.ops) }

// Size returns the number of bytes of keys and values held by the batch.
func (b *Batch) Size() int { return len(b.buf) }

// Err returns the first invalid operation's error, or nil.
func (b *Batch) Err() error { return b.err }

// Reset empties the batch (and clears its error), keeping its memory.
func (b *Batch) Reset() {
	b.ops = b.ops[:0]
	b.buf = b.buf[:0]
	b.putBytes = 0
	b.err = nil
}
