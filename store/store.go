package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

var (
	// ErrClosed is returned by every operation on a closed DB.
	ErrClosed = errors.New("store: DB is closed")
	// ErrInvalid is wrapped by the error of a batch holding an invalid
	// operation (see [Batch.Err]); such a batch is never applied.
	ErrInvalid = errors.New("store: invalid operation")
	// ErrCorrupt is wrapped by errors caused by a corrupt or foreign file.
	ErrCorrupt = errors.New("store: corrupt database")
	// ErrFailed is wrapped by the error of every commit submitted after a
	// group failed to commit in bbolt (see the package documentation).
	ErrFailed = errors.New("store: DB failed")
)

// bucketName is the single bbolt bucket holding all keys; namespaces are key
// prefixes chosen by the callers ("pres-<name>", a log's prefix, ...).
var bucketName = []byte("mpgo")

const (
	defaultMaxGroup    = 1024
	defaultOpenTimeout = 5 * time.Second
	maxScratch         = 1 << 20 // larger DeletePrefixFrom buffers are not kept
)

type options struct {
	noSync      bool
	maxGroup    int
	openTimeout time.Duration
	// Test hooks. applyHook, if set, runs inside the group's transaction
	// before batch i of n is applied; an error fails the group. openFile
	// replaces os.OpenFile for the bbolt file.
	applyHook func(i, n int) error
	openFile  func(name string, flag int, perm os.FileMode) (*os.File, error)
}

// Option configures [Open].
type Option func(*options)

// WithNoSync disables fsync: commits are atomic and ordered and survive the
// process being killed (the OS still has the data), but not a power loss or
// OS crash. For tests and benchmarks that do not care.
func WithNoSync() Option { return func(o *options) { o.noSync = true } }

// WithMaxGroup bounds the number of batches committed in one transaction
// (default 1024). n <= 0 restores the default; n == 1 disables group commit.
func WithMaxGroup(n int) Option {
	return func(o *options) {
		if n <= 0 {
			n = defaultMaxGroup
		}
		o.maxGroup = n
	}
}

// WithOpenTimeout bounds how long Open waits for the file lock held by
// another process or another open DB on the same file (default 5s). Zero
// waits forever.
func WithOpenTimeout(d time.Duration) Option { return func(o *options) { o.openTimeout = d } }

// Stats are cumulative counters of a DB, for benchmarks and monitoring.
type Stats struct {
	// Commits counts batches acknowledged as committed.
	Commits uint64
	// Failed counts batches that reached the committer and failed.
	Failed uint64
	// Groups counts committed bbolt read-write transactions. Each one is
	// made durable by one sync (bbolt fdatasyncs the data pages, then the
	// meta page) unless WithNoSync; a group of only empty batches needs no
	// transaction and is not counted.
	Groups uint64
	// Syncs counts the groups committed with syncing enabled.
	Syncs uint64
	// Ops counts the operations of committed batches.
	Ops uint64
	// BytesWritten counts the key and value bytes put by committed batches.
	BytesWritten uint64
	// MaxGroupSize is the largest number of batches committed together.
	MaxGroupSize int
}

type request struct {
	batch *Batch
	done  chan error
}

// DB is a durable, ordered key-value store backed by one bbolt file. It is
// safe for concurrent use. See the package documentation.
type DB struct {
	bolt *bbolt.DB
	path string
	opts options

	mu     sync.Mutex
	cond   sync.Cond // signalled on enqueue and close; uses mu
	closed bool
	failed error     // sticky error after a failed bbolt commit
	queue  []request // submitted, not yet taken by the committer
	done   chan struct{}

	closeOnce sync.Once
	closeErr  error

	statsMu sync.Mutex
	stats   Stats

	// scratch keys collected by DeletePrefixFrom; committer goroutine only.
	scratchBuf  []byte
	scratchEnds []int
}

// Open opens the store file at path, creating it (and its parent
// directories) if needed. A corrupt file yields an error wrapping
// [ErrCorrupt], never a panic (as far as bbolt allows, see the package
// documentation).
func Open(path string, opts ...Option) (*DB, error) {
	o := options{maxGroup: defaultMaxGroup, openTimeout: defaultOpenTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	bdb, err := openBolt(path, &o)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db := &DB{bolt: bdb, path: path, opts: o, done: make(chan struct{})}
	db.cond.L = &db.mu
	go db.run()
	return db, nil
}

// openBolt opens the bbolt file and makes sure our bucket exists.
//
// bbolt validates the checksums of the meta pages, but on a file whose meta
// pages look valid while other pages are garbage it can panic (for example
// while reading the freelist or walking a branch page). Open must report such
// a file as an error rather than crash the process, so panics are recovered
// here and turned into ErrCorrupt, and the file descriptor bbolt opened
// (found through the OpenFile hook) is closed. bbolt's memory mapping of the
// file cannot be reached, though, and it keeps the open file, hence bbolt's
// flock, alive until the process exits: reopening the same corrupt file in
// this process then times out, while a replaced file (a new inode) opens.
func openBolt(path string, o *options) (bdb *bbolt.DB, err error) {
	var file *os.File
	// A corrupt page pointer can make bbolt read outside its mapping:
	// SetPanicOnFault turns that fault into a panic we can recover.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if bdb != nil {
				func() {
					defer func() { _ = recover() }()
					_ = bdb.Close()
				}()
			}
			if file != nil {
				_ = file.Close()
			}
			bdb = nil
			err = fmt.Errorf("%w: bbolt panicked: %v", ErrCorrupt, r)
		}
	}()
	bdb, err = bbolt.Open(path, 0o600, &bbolt.Options{
		Timeout: o.openTimeout,
		NoSync:  o.noSync,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			open := o.openFile
			if open == nil {
				open = os.OpenFile
			}
			f, err := open(name, flag, perm)
			file = f
			return f, err
		},
	})
	if err != nil {
		if errors.Is(err, berrors.ErrInvalid) || errors.Is(err, berrors.ErrChecksum) ||
			errors.Is(err, berrors.ErrVersionMismatch) {
			err = fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
		return nil, err
	}
	var exists bool
	err = bdb.View(func(tx *bbolt.Tx) error {
		exists = tx.Bucket(bucketName) != nil
		return nil
	})
	if err == nil && !exists {
		err = bdb.Update(func(tx *bbolt.Tx) error {
			_, err := tx.CreateBucket(bucketName)
			return err
		})
		if errors.Is(err, berrors.ErrIncompatibleValue) {
			err = fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
	}
	if err != nil {
		_ = bdb.Close()
		return nil, err
	}
	return bdb, nil
}

// Path returns the file path the DB was opened with.
func (db *DB) Path() string { return db.path }

// Close waits for every submitted batch to be committed (or to fail), stops
// the committer and closes the file. Commits submitted after Close fail with
// ErrClosed. Close is idempotent and safe to call concurrently; every call
// returns the result of closing the file.
func (db *DB) Close() error {
	db.mu.Lock()
	db.closed = true
	db.cond.Broadcast()
	db.mu.Unlock()
	<-db.done
	db.closeOnce.Do(func() { db.closeErr = db.bolt.Close() })
	return db.closeErr
}

// Stats returns a snapshot of the DB's counters.
func (db *DB) Stats() Stats {
	db.statsMu.Lock()
	defer db.statsMu.Unlock()
	return db.stats
}

// Get returns a copy of the value stored under key, and whether it exists.
func (db *DB) Get(key []byte) (value []byte, found bool, err error) {
	err = db.view(func(bkt *bbolt.Bucket) error {
		k, v := bkt.Cursor().Seek(key)
		if k != nil && bytes.Equal(k, key) {
			value, found = append(make([]byte, 0, len(v)), v...), true
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return value, found, nil
}

// Scan calls fn for every key starting with prefix, in increasing key order,
// with the values of one consistent snapshot; an empty prefix scans every
// key. The key and value slices are fresh copies that fn may keep. The pairs
// are read before fn is first called, so fn may use the DB (even commit);
// the whole range is held in memory. The first error returned by fn stops
// the scan and is returned.
func (db *DB) Scan(prefix []byte, fn func(key, value []byte) error) error {
	var (
		buf  []byte
		ends []int // key end, value end, ... offsets into buf
	)
	err := db.view(func(bkt *bbolt.Bucket) error {
		c := bkt.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			buf = append(buf, k...)
			ends = append(ends, len(buf))
			buf = append(buf, v...)
			ends = append(ends, len(buf))
		}
		return nil
	})
	if err != nil {
		return err
	}
	start := 0
	for i := 0; i < len(ends); i += 2 {
		mid, end := ends[i], ends[i+1]
		if err := fn(buf[start:mid:mid], buf[mid:end:end]); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// view runs fn in a read transaction on our bucket.
func (db *DB) view(fn func(*bbolt.Bucket) error) (err error) {
	db.mu.Lock()
	closed := db.closed
	db.mu.Unlock()
	if closed {
		return ErrClosed
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		// bbolt panics on some corrupt pages; View has rolled back by now.
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: bbolt panicked: %v", ErrCorrupt, r)
		}
	}()
	err = db.bolt.View(func(tx *bbolt.Tx) error {
		bkt := tx.Bucket(bucketName)
		if bkt == nil {
			return fmt.Errorf("%w: bucket %q missing", ErrCorrupt, bucketName)
		}
		return fn(bkt)
	})
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		// Close ran between our check and View.
		return ErrClosed
	}
	return err
}

// Commit commits b atomically and returns once it is durable, that is after
// b and every batch submitted before it are synced to disk (unless
// WithNoSync). A nil or empty batch commits nothing but still waits for the
// earlier batches. On error nothing of b is applied. b must not be modified
// until Commit returns.
func (db *DB) Commit(b *Batch) error { return <-db.CommitAsync(b) }

// CommitAsync submits b for commit and returns a channel that receives
// exactly one value: nil once b is durable, or the error that prevented its
// commit (then nothing of b is applied). Batches are applied in the order of
// their CommitAsync (or Commit) calls. b must not be modified until the
// result has been received.
func (db *DB) CommitAsync(b *Batch) <-chan error {
	done := make(chan error, 1)
	if b == nil {
		b = new(Batch)
	}
	if b.err != nil {
		done <- b.err
		return done
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	switch {
	case db.closed:
		done <- ErrClosed
	case db.failed != nil:
		done <- db.failed
	default:
		db.queue = append(db.queue, request{batch: b, done: done})
		db.cond.Signal()
	}
	return done
}

// run is the committer goroutine: it repeatedly takes every pending batch
// (up to maxGroup), commits them in one transaction and signals their
// waiters. It exits once the DB is closed and the queue is drained.
func (db *DB) run() {
	defer close(db.done)
	var group []request
	for {
		db.mu.Lock()
		for len(db.queue) == 0 && !db.closed {
			db.cond.Wait()
		}
		if len(db.queue) == 0 {
			db.mu.Unlock()
			return
		}
		n := min(len(db.queue), db.opts.maxGroup)
		group = append(group[:0], db.queue[:n]...)
		rest := copy(db.queue, db.queue[n:])
		clear(db.queue[rest:])
		db.queue = db.queue[:rest]
		db.mu.Unlock()

		err := db.commitGroup(group)
		for _, r := range group {
			r.done <- err
		}
		clear(group)
	}
}

// commitGroup applies the batches of group, in order, in one transaction and
// commits it. An error in applying fails the group only; an error (or panic)
// from bbolt's commit makes the DB failed.
func (db *DB) commitGroup(group []request) (err error) {
	db.mu.Lock()
	failed := db.failed
	db.mu.Unlock()
	if failed != nil {
		db.count(group, false)
		return failed
	}
	ops := 0
	for _, r := range group {
		ops += len(r.batch.ops)
	}
	if ops == 0 {
		// Earlier groups are durable already: nothing to write or sync.
		db.count(group, true)
		return nil
	}

	tx, err := db.bolt.Begin(true)
	if err != nil {
		db.count(group, false)
		return fmt.Errorf("store: begin transaction: %w", err)
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			// bbolt panics on some corrupt pages. Roll back to release its
			// writer lock (or Close would hang); after a panic inside
			// tx.Commit that may fail or panic again, which is fine.
			func() {
				defer func() { _ = recover() }()
				_ = tx.Rollback()
			}()
			err = fmt.Errorf("%w: bbolt panicked: %v", ErrCorrupt, r)
			db.fail(err)
		}
		db.count(group, err == nil)
	}()

	bkt := tx.Bucket(bucketName)
	if bkt == nil {
		_ = tx.Rollback()
		return fmt.Errorf("%w: bucket %q missing", ErrCorrupt, bucketName)
	}
	for i, r := range group {
		if hook := db.opts.applyHook; hook != nil {
			err = hook(i, len(group))
		}
		if err == nil {
			err = db.apply(bkt, r.batch)
		}
		if err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("store: commit: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		// After a failed write or sync the durable state of this group is
		// unknown (its meta page may be on disk), and bbolt's in-memory
		// state may disagree with the file: refuse further commits.
		err = fmt.Errorf("store: commit: %w", err)
		db.fail(err)
		return err
	}
	return nil
}

// fail makes the DB failed with cause err.
func (db *DB) fail(err error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.failed == nil {
		db.failed = fmt.Errorf("%w: %w", ErrFailed, err)
	}
}

// count updates the statistics for a group that committed (ok) or failed.
func (db *DB) count(group []request, ok bool) {
	db.statsMu.Lock()
	defer db.statsMu.Unlock()
	s := &db.stats
	if !ok {
		s.Failed += uint64(len(group))
		return
	}
	s.Commits += uint64(len(group))
	s.MaxGroupSize = max(s.MaxGroupSize, len(group))
	wrote := false
	for _, r := range group {
		s.Ops += uint64(len(r.batch.ops))
		s.BytesWritten += uint64(r.batch.putBytes)
		wrote = wrote || len(r.batch.ops) > 0
	}
	if wrote {
		s.Groups++
		if !db.opts.noSync {
			s.Syncs++
		}
	}
}

// apply performs the operations of b in bkt. bbolt keeps references to the
// key and value slices until the transaction ends; b's buffer stays untouched
// until its waiter is signalled after the commit.
func (db *DB) apply(bkt *bbolt.Bucket, b *Batch) error {
	for _, o := range b.ops {
		x, y := b.buf[o.start:o.mid:o.mid], b.buf[o.mid:o.end:o.end]
		switch o.kind {
		case opPut:
			if err := bkt.Put(x, y); err != nil {
				return err
			}
		case opDelete:
			if err := bkt.Delete(x); err != nil {
				return err
			}
		case opDeletePrefixFrom:
			if err := db.deletePrefixFrom(bkt, x, y); err != nil {
				return err
			}
		default:
			return fmt.Errorf("store: unknown operation %d", o.kind)
		}
	}
	return nil
}

// deletePrefixFrom deletes the keys k with prefix <= from <= k and
// HasPrefix(k, prefix): one seek, then a walk over exactly the deleted keys.
// The keys are collected first and deleted afterwards, since deleting under
// a bbolt cursor that keeps iterating can skip keys.
func (db *DB) deletePrefixFrom(bkt *bbolt.Bucket, prefix, from []byte) error {
	start := prefix
	if bytes.Compare(from, prefix) > 0 {
		start = from
	}
	buf, ends := db.scratchBuf[:0], db.scratchEnds[:0]
	c := bkt.Cursor()
	for k, _ := c.Seek(start); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		buf = append(buf, k...)
		ends = append(ends, len(buf))
	}
	if cap(buf) <= maxScratch {
		db.scratchBuf, db.scratchEnds = buf, ends
	}
	begin := 0
	for _, end := range ends {
		if err := bkt.Delete(buf[begin:end]); err != nil {
			return err
		}
		begin = end
	}
	return nil
}
