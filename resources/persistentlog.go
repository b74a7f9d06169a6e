package resources

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/store"
)

// Persistent log commands (runtime.md §5.14).
const (
	LogConcat = "log_concat"
	LogPop    = "log_pop"
)

// PersistentLogConstantDefs defines the constants LogConcat and LogPop for
// archetypes using a persistent log.
var PersistentLogConstantDefs = distsys.EnsureMPCalContextConfigs(
	distsys.DefineConstantValue("LogConcat", tla.MakeString(LogConcat)),
	distsys.DefineConstantValue("LogPop", tla.MakeString(LogPop)),
)

// PersistentLog is a sequence of values kept in a store.DB (runtime.md
// §5.14): a Raft log.
//
// A read returns the whole log as a tuple. A write is a command:
// [cmd |-> LogConcat, entries |-> <<e1, ...>>] appends the entries and
// [cmd |-> LogPop, cnt |-> n] drops the last n (all of them if n exceeds the
// length). Index(i) is a read-only leaf holding entry i (1-based; out of
// range panics with a tla.ErrTLAType error). Commands are tentative: Abort
// restores the committed log, and Commit writes the attempt's net change as
// one store batch (a DeletePrefixFrom for the dropped suffix, then one put
// per new entry) through CommitAsync, so the commits of many contexts share
// an fsync, and signals once it is durable; a store failure panics in the
// goroutine waiting for it (fail-stop, as in Persistent). The vector clock
// of the last command is carried by reads, so causality propagates through
// the log.
//
// Storage: entry i (0-based) is the key prefix + 8-byte big-endian i, where
// prefix is "plog-" + name + "\x00" (names containing NUL are rejected, so
// no log's prefix is a prefix of another's). Keys sort in index order, the
// constructor reloads the log with one prefix scan, and the suffix of a log
// is dropped by one range delete.
//
// Refinement. It refines the models' persistent-log macro
//
//	mapping macro PersistentLog {
//	    read  { yield $variable; }
//	    write { if ($value.cmd = LogConcat) { yield $variable \o $value.entries; }
//	            else if ($value.cmd = LogPop) { yield SubSeq($variable, 1, Len($variable) - $value.cnt); }; }
//	}
//
// in a model where the process crashes and restarts: the log after a
// restart is the log of the last acknowledged commit (or of a later commit
// that was submitted, never a partial one), assuming the disk honours fsync.
// One PersistentLog belongs to one context; contexts that share a log share
// it through their own synchronisation.
type PersistentLog struct {
	distsys.ArchetypeResourceLeafMixin
	name   string
	prefix []byte
	db     *store.DB

	// entries[:committedLen] is the committed log, except that positions
	// from low on may have been changed by the current attempt; saved holds
	// their committed values (entries low..committedLen-1).
	entries      []tla.Value
	committedLen int
	low          int
	saved        []tla.Value

	clock, committedClock *tla.VClock
	tuple                 tla.Value // cached read of entries; valid if tupleOK
	tupleOK               bool

	wg sync.WaitGroup // pending commits
}

var _ distsys.ArchetypeResource = (*PersistentLog)(nil)

// NewPersistentLog returns the log name kept in db, reloading its entries.
// It panics if the stored log cannot be read or is not a gap-free sequence of
// valid entries (a start-up error).
func NewPersistentLog(name string, db *store.DB) distsys.ArchetypeResource {
	if strings.IndexByte(name, 0) >= 0 {
		panic(fmt.Errorf("persistent log %q: the name must not contain NUL", name))
	}
	l := &PersistentLog{name: name, prefix: []byte("plog-" + name + "\x00"), db: db}
	err := db.Scan(l.prefix, func(key, value []byte) error {
		want := l.key(uint64(len(l.entries)))
		if !bytes.Equal(key, want) {
			return fmt.Errorf("unexpected key %x (want %x): the stored log has a gap", key, want)
		}
		var v tla.Value
		if err := v.UnmarshalBinary(value); err != nil {
			return fmt.Errorf("entry %d: %w", len(l.entries)+1, err)
		}
		l.entries = append(l.entries, v)
		return nil
	})
	if err != nil {
		panic(fmt.Errorf("persistent log %s: loading: %w", name, err))
	}
	l.committedLen, l.low = len(l.entries), len(l.entries)
	return l
}

func (l *PersistentLog) key(i uint64) []byte {
	k := make([]byte, len(l.prefix), len(l.prefix)+8)
	copy(k, l.prefix)
	return binary.BigEndian.AppendUint64(k, i)
}

// ReadValue returns the log as a tuple.
func (l *PersistentLog) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	if !l.tupleOK {
		l.tuple, l.tupleOK = tla.MakeTuple(l.entries...), true
	}
	if l.clock != nil {
		return tla.WrapCausal(l.tuple, *l.clock), nil
	}
	return l.tuple, nil
}

// truncate shortens the log to n entries, saving committed values first.
func (l *PersistentLog) truncate(n int) {
	if n < l.low {
		saved := make([]tla.Value, 0, l.low-n+len(l.saved))
		saved = append(saved, l.entries[n:l.low]...)
		l.saved = append(saved, l.saved...)
		l.low = n
	}
	clear(l.entries[n:])
	l.entries = l.entries[:n]
}

// WriteValue applies a LogConcat or LogPop command (tentatively).
func (l *PersistentLog) WriteValue(_ distsys.ArchetypeInterface, value tla.Value) error {
	if c := value.GetVClock(); c != nil {
		l.clock = c
	}
	value = value.StripVClock()
	cmd := value.ApplyFunction(tla.MakeString("cmd")).AsString()
	switch cmd {
	case LogConcat:
		// Index the tuple directly: AsTuple would build (and cache) a persistent list.
		entries := value.ApplyFunction(tla.MakeString("entries"))
		n := int(tla.ModuleLen(entries).AsNumber())
		for i := 1; i <= n; i++ {
			l.entries = append(l.entries, entries.ApplyFunction(tla.MakeNumber(int32(i))).StripVClock())
		}
	case LogPop:
		n := int(value.ApplyFunction(tla.MakeString("cnt")).AsNumber())
		if n < 0 {
			panic(fmt.Errorf("%w: persistent log %s: negative pop count %d", tla.ErrTLAType, l.name, n))
		}
		l.truncate(max(len(l.entries)-n, 0))
	default:
		panic(fmt.Errorf("%w: persistent log %s: unknown command %q", tla.ErrTLAType, l.name, cmd))
	}
	l.tupleOK = false
	return nil
}

// Index returns a read-only leaf holding entry i (1-based).
func (l *PersistentLog) Index(_ distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error) {
	i := int(index.AsNumber())
	if i < 1 || i > len(l.entries) {
		panic(fmt.Errorf("%w: persistent log %s: index %d out of range 1..%d", tla.ErrTLAType, l.name, i, len(l.entries)))
	}
	return &immutableLeaf{value: l.entries[i-1]}, nil
}

func (l *PersistentLog) PreCommit(distsys.ArchetypeInterface) chan error { return nil }

// Commit writes the attempt's change as one batch and signals once durable.
func (l *PersistentLog) Commit(distsys.ArchetypeInterface) chan struct{} {
	n := len(l.entries)
	if l.low == l.committedLen && n == l.committedLen {
		l.committedClock = l.clock
		return nil // nothing changed
	}
	var b store.Batch
	if n < l.committedLen {
		b.DeletePrefixFrom(l.prefix, l.key(uint64(n)))
	}
	var buf []byte
	for i := l.low; i < n; i++ {
		var err error
		if buf, err = l.entries[i].AppendBinary(buf[:0]); err != nil {
			panic(fmt.Errorf("persistent log %s: encoding entry %d: %w", l.name, i+1, err))
		}
		b.Put(l.key(uint64(i)), buf)
	}
	l.committedLen, l.low, l.saved = n, n, nil
	l.committedClock = l.clock
	stored := l.db.CommitAsync(&b)
	done := make(chan struct{})
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		defer close(done)
		if err := <-stored; err != nil {
			panic(fmt.Errorf("persistent log %s: storing: %w", l.name, err))
		}
	}()
	return done
}

// Abort restores the committed log.
func (l *PersistentLog) Abort(distsys.ArchetypeInterface) chan struct{} {
	if l.low < l.committedLen || len(l.entries) != l.committedLen {
		l.truncate(l.low)
		l.entries = append(l.entries, l.saved...)
		l.saved = nil
		l.low = l.committedLen
		l.tupleOK = false
	}
	l.clock = l.committedClock
	return nil
}

// Close waits (bounded) for a pending commit.
func (l *PersistentLog) Close() error {
	if !waitBounded(&l.wg, closeWait) {
		slog.Warn("persistent log: a commit is still waiting for the store", "name", l.name)
	}
	return nil
}

// immutableLeaf is a read-only value.
type immutableLeaf struct {
	distsys.ArchetypeResourceLeafMixin
	value tla.Value
}

func (r *immutableLeaf) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) { return r.value, nil }
func (r *immutableLeaf) WriteValue(distsys.ArchetypeInterface, tla.Value) error {
	panic("persistent log: attempted to write a log entry through Index")
}
func (r *immutableLeaf) PreCommit(distsys.ArchetypeInterface) chan error { return nil }
func (r *immutableLeaf) Commit(distsys.ArchetypeInterface) chan struct{} { return nil }
func (r *immutableLeaf) Abort(distsys.ArchetypeInterface) chan struct{}  { return nil }
func (r *immutableLeaf) Close() error                                    { return nil }
