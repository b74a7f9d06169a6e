// Package store is mpgo's durable key-value store: the persistence layer under
// the resources that must survive a crash (MakePersistent, which keeps a
// resource's state under "pres-<name>", and NewPersistentLog, which keeps a
// Raft log under a per-log prefix with fixed-width big-endian index keys).
//
// # Model
//
// A DB is one file holding one ordered key space (byte-wise key order). Reads
// ([DB.Get], [DB.Scan]) see the last committed state. Writes are collected in
// a [Batch] (puts, deletes, and [Batch.DeletePrefixFrom], which truncates the
// suffix of a log in one operation) and handed to [DB.Commit] or
// [DB.CommitAsync]. A batch is atomic: after a crash either all of its
// operations are on disk or none is. Batches are applied in submission order,
// and a commit is acknowledged only after the transaction containing it has
// been synced to disk, so every acknowledged batch, and every batch submitted
// before it, survives kill -9 and power loss (subject to the disk honouring
// fdatasync).
//
// # Group commit
//
// One committer goroutine per DB drains every pending batch (up to
// [WithMaxGroup]), applies them in order inside a single bbolt read-write
// transaction, commits it (one sync), and then signals each waiter. There is no
// artificial delay: while one group is being synced, new submissions queue up
// and form the next group, so under load many critical sections share one
// fsync and with a single committer each commit costs one fsync. An error in a
// group fails every batch in it; the previous committed state is unaffected.
//
// # Why bbolt
//
// go.etcd.io/bbolt is embedded and pure Go (no cgo), keeps everything in a
// single file, is maintained by the etcd project (it is etcd's own backend and
// is heavily exercised there), and gives ACID transactions: a read-write
// transaction is copy-on-write and is made durable by syncing the data pages
// and then the meta page, so a crash leaves either the old or the new
// transaction, never a mix. It starts no background goroutines and does no
// background compaction, so its cost is predictable and a Close really stops
// all work. Its B+tree keeps keys sorted, which is exactly what prefix scans
// and suffix truncation of a log need.
//
// The LSM stores (pebble, badger) are built for much larger write volumes:
// they bring write-ahead logs plus background compaction, many files per
// store, more tuning, and (badger) a value log with its own garbage collection.
// Our data (a resource's state, a Raft log of a small cluster) is small, and
// the bottleneck is the fsync per commit, not write amplification; bbolt's one
// fsync-ed transaction per commit is the whole cost, and we amortise it across
// concurrent committers with our own group commit (bbolt's DB.Batch does
// something similar but adds a timer delay and may retry functions, which we
// do not want).
//
// # Limits
//
// Keys are 1..32768 bytes, values at most 2^31-2 bytes (bbolt's limits);
// invalid operations make Commit fail at once without touching the DB. If
// committing a group fails in bbolt itself (an I/O or sync error), the DB
// becomes failed: later commits return the same error, since after a failed
// fsync the on-disk state of that group is unknown; reads keep working and
// reopening the file recovers whichever state bbolt finds durable.
//
// Corrupt files: Open returns an error wrapping [ErrCorrupt] for files bbolt
// rejects, and converts the panics bbolt raises on some corrupt files (and
// memory faults, via debug.SetPanicOnFault) into such errors, in Open as well
// as in Get, Scan and the committer (a group that hits corruption fails and
// makes the DB failed). After a recovered panic in Open, bbolt's mapping of
// the file, and with it its file lock, leaks until the process exits (bbolt
// does not return it), so only a replaced file can be opened again. Panics
// raised by bbolt in its own goroutines (only possible for a file whose meta
// page, despite a valid checksum, declares no stored freelist, which this
// package never writes) and unbounded recursion on cyclic page pointers
// cannot be recovered.
package store
