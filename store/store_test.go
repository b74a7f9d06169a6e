package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// openTemp opens a fresh DB in a new directory (which Open must create).
func openTemp(t *testing.T, opts ...Option) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "a", "b", "store.db")
	db, err := Open(path, opts...)
	requireNoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db, path
}

func reopen(t *testing.T, db *DB, opts ...Option) *DB {
	t.Helper()
	requireNoError(t, db.Close())
	db2, err := Open(db.Path(), opts...)
	requireNoError(t, err)
	t.Cleanup(func() { _ = db2.Close() })
	return db2
}

func commit(t *testing.T, db *DB, build func(b *Batch)) {
	t.Helper()
	var b Batch
	build(&b)
	requireNoError(t, db.Commit(&b))
}

// dump returns the whole DB as a map.
func dump(t *testing.T, db *DB) map[string]string {
	t.Helper()
	m := map[string]string{}
	var last []byte
	requireNoError(t, db.Scan(nil, func(k, v []byte) error {
		if last != nil && bytes.Compare(last, k) >= 0 {
			return fmt.Errorf("scan out of order: %q then %q", last, k)
		}
		last = k
		m[string(k)] = string(v)
		return nil
	}))
	return m
}

func mustGet(t *testing.T, db *DB, key string) (string, bool) {
	t.Helper()
	v, ok, err := db.Get([]byte(key))
	requireNoError(t, err)
	return string(v), ok
}

// logKey is a persistent-log style key: prefix + 8-byte big-endian index.
func logKey(prefix string, i uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte(prefix), i)
}

func TestPutGetDelete(t *testing.T) {
	db, _ := openTemp(t)

	_, ok := mustGet(t, db, "missing")
	assertFalse(t, ok)

	commit(t, db, func(b *Batch) {
		b.Put([]byte("a"), []byte("1"))
		b.Put([]byte("b"), []byte("2"))
		b.Put([]byte("empty"), nil)
		b.Put([]byte("a"), []byte("3")) // later op in the batch wins
	})
	v, ok := mustGet(t, db, "a")
	assertTrue(t, ok)
	assertEqual(t, "3", v)
	v, ok = mustGet(t, db, "empty")
	assertTrue(t, ok, "an empty value is present")
	assertEqual(t, "", v)
	raw, ok, err := db.Get([]byte("empty"))
	requireNoError(t, err)
	assertTrue(t, ok)
	assertNotNil(t, raw)
	assertLen(t, raw, 0)

	// The returned slice is a copy.
	raw, _, err = db.Get([]byte("b"))
	requireNoError(t, err)
	raw[0] = 'X'
	v, _ = mustGet(t, db, "b")
	assertEqual(t, "2", v)

	commit(t, db, func(b *Batch) {
		b.Delete([]byte("a"))
		b.Delete([]byte("never-existed"))
	})
	_, ok = mustGet(t, db, "a")
	assertFalse(t, ok)
	assertEqual(t, map[string]string{"b": "2", "empty": ""}, dump(t, db))

	// A prefix of an existing key is not found, nor is the empty key.
	commit(t, db, func(b *Batch) { b.Put([]byte("long-key"), []byte("x")) })
	_, ok = mustGet(t, db, "long")
	assertFalse(t, ok)
	_, ok = mustGet(t, db, "")
	assertFalse(t, ok)
}

func TestBatchCopiesArguments(t *testing.T) {
	db, _ := openTemp(t, WithNoSync())
	key, val := []byte("key"), []byte("value")
	var b Batch
	b.Put(key, val)
	copy(key, "XXX")
	copy(val, "YYYYY")
	assertEqual(t, 1, b.Len())
	assertEqual(t, len("key")+len("value"), b.Size())
	requireNoError(t, db.Commit(&b))
	assertEqual(t, map[string]string{"key": "value"}, dump(t, db))

	b.Reset()
	assertEqual(t, 0, b.Len())
	b.Put([]byte("k2"), []byte("v2"))
	requireNoError(t, db.Commit(&b))
	assertEqual(t, map[string]string{"key": "value", "k2": "v2"}, dump(t, db))
}

func TestOpsApplyInBatchOrder(t *testing.T) {
	db, _ := openTemp(t, WithNoSync())
	commit(t, db, func(b *Batch) {
		b.Put([]byte("p/1"), []byte("x"))
		b.Put([]byte("p/2"), []byte("x"))
		b.Put([]byte("gone"), []byte("x"))
	})
	commit(t, db, func(b *Batch) {
		b.DeletePrefix([]byte("p/"))
		b.Put([]byte("p/2"), []byte("new")) // survives: after the delete
		b.Delete([]byte("gone"))
		b.Put([]byte("gone"), []byte("back"))
		b.Put([]byte("tmp"), []byte("x"))
		b.Delete([]byte("tmp"))
	})
	assertEqual(t, map[string]string{"p/2": "new", "gone": "back"}, dump(t, db))
}

func TestScan(t *testing.T) {
	db, _ := openTemp(t, WithNoSync())
	keys := []string{"a", "a\x00", "a\xff", "ab", "abc", "abd", "b", "ba", "\x00", "\xff\xff"}
	commit(t, db, func(b *Batch) {
		for _, k := range keys {
			b.Put([]byte(k), []byte("v"+k))
		}
	})
	scan := func(prefix string) []string {
		var got []string
		requireNoError(t, db.Scan([]byte(prefix), func(k, v []byte) error {
			assertEqual(t, "v"+string(k), string(v))
			got = append(got, string(k))
			return nil
		}))
		return got
	}
	sorted := append([]string(nil), keys...)
	sort.Strings(sorted)
	assertEqual(t, sorted, scan(""))
	assertEqual(t, []string{"a", "a\x00", "ab", "abc", "abd", "a\xff"}, scan("a"))
	assertEqual(t, []string{"ab", "abc", "abd"}, scan("ab"))
	assertEqual(t, []string{"abc"}, scan("abc"))
	assertEmpty(t, scan("abe"))
	assertEmpty(t, scan("c"))
	assertEqual(t, []string{"\xff\xff"}, scan("\xff"))

	// fn's error stops the scan and is returned.
	stop := errors.New("stop")
	n := 0
	err := db.Scan(nil, func(k, v []byte) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	assertErrorIs(t, err, stop)
	assertEqual(t, 3, n)

	// Slices may be retained, and appending to them must not clobber others.
	var ks, vs [][]byte
	requireNoError(t, db.Scan([]byte("ab"), func(k, v []byte) error {
		ks, vs = append(ks, k), append(vs, v)
		_ = append(k, "garbage"...)
		return nil
	}))
	for i, k := range []string{"ab", "abc", "abd"} {
		assertEqual(t, k, string(ks[i]))
		assertEqual(t, "v"+k, string(vs[i]))
	}

	// fn may commit (the pairs are read first).
	requireNoError(t, db.Scan([]byte("ab"), func(k, v []byte) error {
		var b Batch
		nk := append([]byte("copy/"), k...)
		b.Put(nk, append([]byte("v"), nk...))
		return db.Commit(&b)
	}))
	assertEqual(t, []string{"copy/ab", "copy/abc", "copy/abd"}, scan("copy/"))
}

// TestDeletePrefixFrom checks suffix truncation against a model, with
// neighbouring prefixes that must be left alone.
func TestDeletePrefixFrom(t *testing.T) {
	db, _ := openTemp(t, WithNoSync())
	const n = 300 // several leaf pages
	model := map[string]string{}
	put := func(b *Batch, k []byte, v string) {
		b.Put(k, []byte(v))
		model[string(k)] = v
	}
	commit(t, db, func(b *Batch) {
		for i := uint64(0); i < n; i++ {
			put(b, logKey("log/A/", i), fmt.Sprintf("A%d", i))
			put(b, logKey("log/B/", i), fmt.Sprintf("B%d", i))
		}
		put(b, []byte("log/A"), "sibling-below")
		put(b, []byte("log/A0"), "sibling-above")
		put(b, []byte("log/A/"), "the-prefix-itself")
		put(b, []byte("log/"), "parent")
	})
	truncate := func(prefix string, from []byte) {
		t.Helper()
		commit(t, db, func(b *Batch) { b.DeletePrefixFrom([]byte(prefix), from) })
		for k := range model {
			if strings.HasPrefix(k, prefix) && bytes.Compare([]byte(k), from) >= 0 {
				delete(model, k)
			}
		}
		requireEqual(t, model, dump(t, db))
	}
	truncate("log/A/", logKey("log/A/", 250))  // drop entries 250..299
	truncate("log/A/", logKey("log/A/", 1000)) // beyond the end: nothing
	truncate("log/B/", logKey("log/B/", 1))    // keep only entry 0
	truncate("log/A/", logKey("log/A/", 17))
	assertLen(t, model, 17+1+4)

	// A from below the prefix deletes the whole prefix (including the key
	// equal to the prefix), nothing else.
	truncate("log/A/", nil)
	assertEqual(t, map[string]string{
		string(logKey("log/B/", 0)): "B0", "log/A": "sibling-below", "log/A0": "sibling-above", "log/": "parent",
	}, model)

	// Truncate-then-append in one batch, as a persistent log commit does.
	commit(t, db, func(b *Batch) {
		for i := uint64(0); i < 10; i++ {
			put(b, logKey("log/C/", i), "old")
		}
	})
	commit(t, db, func(b *Batch) {
		b.DeletePrefixFrom([]byte("log/C/"), logKey("log/C/", 4))
		b.Put(logKey("log/C/", 4), []byte("new4"))
		b.Put(logKey("log/C/", 5), []byte("new5"))
	})
	var got []string
	requireNoError(t, db.Scan([]byte("log/C/"), func(k, v []byte) error {
		got = append(got, fmt.Sprintf("%d=%s", binary.BigEndian.Uint64(k[len("log/C/"):]), v))
		return nil
	}))
	assertEqual(t, []string{"0=old", "1=old", "2=old", "3=old", "4=new4", "5=new5"}, got)

	// The empty prefix matches every key.
	commit(t, db, func(b *Batch) { b.DeletePrefixFrom(nil, []byte("log/B")) })
	assertEqual(t, map[string]string{"log/": "parent", "log/A": "sibling-below", "log/A0": "sibling-above"}, dump(t, db))
	commit(t, db, func(b *Batch) { b.DeletePrefix(nil) })
	assertEmpty(t, dump(t, db))
}

func TestInvalidBatch(t *testing.T) {
	db, _ := openTemp(t, WithNoSync())
	cases := map[string]func(b *Batch){
		"empty put key":    func(b *Batch) { b.Put(nil, []byte("v")) },
		"empty delete key": func(b *Batch) { b.Delete([]byte{}) },
		"long key":         func(b *Batch) { b.Put(make([]byte, 32769), nil) },
		"long prefix":      func(b *Batch) { b.DeletePrefixFrom(make([]byte, 32769), nil) },
	}
	for name, bad := range cases {
		t.Run(name, func(t *testing.T) {
			var b Batch
			b.Put([]byte("valid"), []byte("x"))
			bad(&b)
			b.Put([]byte("valid2"), []byte("x"))
			requireErrorIs(t, b.Err(), ErrInvalid)
			assertErrorIs(t, db.Commit(&b), ErrInvalid)
			assertErrorIs(t, <-db.CommitAsync(&b), ErrInvalid)
			assertEmpty(t, dump(t, db), "nothing of an invalid batch is applied")
			b.Reset()
			assertNoError(t, b.Err())
		})
	}
	// A key of exactly the maximum size is fine.
	commit(t, db, func(b *Batch) { b.Put(bytes.Repeat([]byte("k"), 32768), []byte("v")) })
	assertLen(t, dump(t, db), 1)
}

func TestReopenKeepsData(t *testing.T) {
	db, _ := openTemp(t)
	commit(t, db, func(b *Batch) {
		for i := uint64(0); i < 100; i++ {
			b.Put(logKey("log/", i), bytes.Repeat([]byte{byte(i)}, 100))
		}
		b.Put([]byte("pres-x"), []byte("state"))
	})
	commit(t, db, func(b *Batch) { b.DeletePrefixFrom([]byte("log/"), logKey("log/", 50)) })
	want := dump(t, db)
	assertLen(t, want, 51)

	db = reopen(t, db)
	assertEqual(t, want, dump(t, db))
	commit(t, db, func(b *Batch) { b.Put([]byte("after"), []byte("reopen")) })
	want["after"] = "reopen"
	db = reopen(t, db, WithNoSync())
	assertEqual(t, want, dump(t, db))
}

func TestOpenLockedFileTimesOut(t *testing.T) {
	db, path := openTemp(t, WithNoSync())
	start := time.Now()
	_, err := Open(path, WithOpenTimeout(100*time.Millisecond))
	requireError(t, err)
	assertLess(t, int64(time.Since(start)), int64(5*time.Second))
	requireNoError(t, db.Close())
	db2, err := Open(path, WithOpenTimeout(100*time.Millisecond))
	requireNoError(t, err, "the lock is released by Close")
	requireNoError(t, db2.Close())
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	// A directory where the file should be.
	_, err := Open(dir)
	assertError(t, err)
	// A parent that is a file.
	file := filepath.Join(dir, "file")
	requireNoError(t, os.WriteFile(file, nil, 0o600))
	_, err = Open(filepath.Join(file, "db"))
	assertError(t, err)
}

func TestCloseIdempotentAndUseAfterClose(t *testing.T) {
	db, _ := openTemp(t, WithNoSync())
	commit(t, db, func(b *Batch) { b.Put([]byte("k"), []byte("v")) })

	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { assertNoError(t, db.Close()) })
	}
	wg.Wait()
	assertNoError(t, db.Close())

	var b Batch
	b.Put([]byte("k2"), []byte("v"))
	assertErrorIs(t, db.Commit(&b), ErrClosed)
	assertErrorIs(t, <-db.CommitAsync(&b), ErrClosed)
	assertErrorIs(t, db.Commit(nil), ErrClosed)
	_, _, err := db.Get([]byte("k"))
	assertErrorIs(t, err, ErrClosed)
	assertErrorIs(t, db.Scan(nil, func(k, v []byte) error { return nil }), ErrClosed)
	assertEqual(t, uint64(1), db.Stats().Commits)
}

// TestCloseWaitsForInFlightCommits submits many batches without waiting and
// closes at once: every one must still be committed and acknowledged.
func TestCloseWaitsForInFlightCommits(t *testing.T) {
	db, _ := openTemp(t)
	const n = 200
	chans := make([]<-chan error, n)
	for i := range n {
		var b Batch
		b.Put(logKey("log/", uint64(i)), []byte("x"))
		chans[i] = db.CommitAsync(&b)
	}
	requireNoError(t, db.Close())
	for i, ch := range chans {
		requireNoError(t, <-ch, "batch %d", i)
	}
	db = reopen(t, db)
	assertLen(t, dump(t, db), n)
}

// TestCloseRacesWithCommitters closes while goroutines commit: each commit
// either succeeds (and is then durable) or fails with ErrClosed.
func TestCloseRacesWithCommitters(t *testing.T) {
	db, path := openTemp(t, WithNoSync())
	var (
		mu    sync.Mutex
		acked []string
		wg    sync.WaitGroup
	)
	for g := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				key := fmt.Sprintf("g%d/%04d", g, i)
				var b Batch
				b.Put([]byte(key), []byte("v"))
				err := db.Commit(&b)
				if errors.Is(err, ErrClosed) {
					return
				}
				if !assertNoError(t, err) {
					return
				}
				mu.Lock()
				acked = append(acked, key)
				mu.Unlock()
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	requireNoError(t, db.Close())
	wg.Wait()
	db2, err := Open(path)
	requireNoError(t, err)
	defer db2.Close()
	got := dump(t, db2)
	assertLen(t, got, len(acked))
	for _, k := range acked {
		assertContains(t, got, k)
	}
}

func TestNilAndEmptyBatches(t *testing.T) {
	db, _ := openTemp(t)
	requireNoError(t, db.Commit(nil))
	requireNoError(t, db.Commit(&Batch{}))
	s := db.Stats()
	assertEqual(t, uint64(2), s.Commits)
	assertEqual(t, uint64(0), s.Groups, "empty batches need no transaction")
	assertEqual(t, uint64(0), s.Syncs)
}

func TestStats(t *testing.T) {
	db, _ := openTemp(t)
	commit(t, db, func(b *Batch) {
		b.Put([]byte("k1"), make([]byte, 100)) // 102 bytes
		b.Put([]byte("k2"), make([]byte, 10))  // 12 bytes
		b.Delete([]byte("k3"))
	})
	s := db.Stats()
	assertEqual(t, Stats{Commits: 1, Groups: 1, Syncs: 1, Ops: 3, BytesWritten: 114, MaxGroupSize: 1}, s)

	db2, _ := openTemp(t, WithNoSync())
	commit(t, db2, func(b *Batch) { b.Put([]byte("k"), []byte("v")) })
	assertEqual(t, Stats{Commits: 1, Groups: 1, Syncs: 0, Ops: 1, BytesWritten: 2, MaxGroupSize: 1}, db2.Stats())
}
