package store

import (
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func garbage(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	requireNoError(t, os.WriteFile(p, data, 0o600))
	return p
}

// validFile returns the bytes of a closed, valid DB holding some data.
func validFile(t *testing.T) []byte {
	t.Helper()
	db, path := openTemp(t, WithNoSync())
	for i := range 50 {
		requireNoError(t, db.Commit(batchOf([]mop{put(string(logKey("log/", uint64(i))), string(garbage(500, uint64(i))))})))
	}
	requireNoError(t, db.Close())
	data, err := os.ReadFile(path)
	requireNoError(t, err)
	return data
}

// bbolt file layout: pages 0 and 1 are meta pages; a meta page holds, after
// the 16-byte page header, magic, version, page size, flags (4 bytes each),
// the root bucket's page id (and a sequence), the freelist page id, ....
const (
	metaPageSizeOff = 16 + 8
	metaRootOff     = 16 + 16
	metaFreelistOff = 16 + 32
)

// smash overwrites with garbage every page except the meta pages and the
// pages listed by keep(meta page bytes).
func smash(data []byte, keep func(meta []byte) []uint64) []byte {
	d := append([]byte(nil), data...)
	ps := int(binary.LittleEndian.Uint32(d[metaPageSizeOff:]))
	kept := map[uint64]bool{0: true, 1: true}
	for m := range 2 {
		for _, pg := range keep(d[m*ps : (m+1)*ps]) {
			kept[pg] = true
		}
	}
	junk := garbage(ps, 99)
	for pg := 0; (pg+1)*ps <= len(d); pg++ {
		if !kept[uint64(pg)] {
			copy(d[pg*ps:], junk)
		}
	}
	return d
}

func TestOpenRejectsGarbage(t *testing.T) {
	valid := validFile(t)
	ps := int(binary.LittleEndian.Uint32(valid[metaPageSizeOff:]))
	badMeta := append([]byte(nil), valid...)
	badMeta[metaRootOff] ^= 0xff // both meta pages fail their checksum
	badMeta[ps+metaRootOff] ^= 0xff
	cases := map[string][]byte{
		"random":          garbage(64<<10, 1),
		"short":           []byte("hello"),
		"zeros":           make([]byte, 16<<10),
		"meta checksums":  badMeta,
		"truncated pages": valid[:2*ps+100],
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			db, err := Open(writeFile(t, "db", data), WithOpenTimeout(time.Second))
			if db != nil {
				_ = db.Close()
			}
			requireErrorIs(t, err, ErrCorrupt)
		})
	}
}

// An empty file is a new store: bbolt initialises it.
func TestOpenEmptyFile(t *testing.T) {
	path := writeFile(t, "db", nil)
	db, err := Open(path)
	requireNoError(t, err)
	defer db.Close()
	requireNoError(t, db.Commit(batchOf([]mop{put("k", "v")})))
	assertEqual(t, map[string]string{"k": "v"}, dump(t, db))
}

// TestOpenRecoversBboltPanic: with valid meta pages but every other page
// garbage, bbolt panics while opening (reading the freelist); Open must turn
// that into ErrCorrupt. bbolt's leaked mapping keeps the file locked, so a
// second Open of the same file fails too (by timeout), while a replacement
// file opens.
func TestOpenRecoversBboltPanic(t *testing.T) {
	path := writeFile(t, "db", smash(validFile(t), func([]byte) []uint64 { return nil }))
	db, err := Open(path, WithOpenTimeout(100*time.Millisecond))
	if db != nil {
		_ = db.Close()
	}
	requireErrorIs(t, err, ErrCorrupt)
	assertTrue(t, strings.Contains(err.Error(), "panicked"), "error %v does not come from a recovered panic", err)

	db, err = Open(path, WithOpenTimeout(100*time.Millisecond))
	if db != nil {
		_ = db.Close()
	}
	requireError(t, err)

	requireNoError(t, os.Remove(path))
	db, err = Open(path, WithOpenTimeout(100*time.Millisecond))
	requireNoError(t, err, "a replaced file opens")
	requireNoError(t, db.Commit(batchOf([]mop{put("k", "v")})))
	requireNoError(t, db.Close())
}

// TestCorruptDataPages: meta, freelist and root pages are intact, so Open
// succeeds, but the data pages are garbage: reads and commits must return
// ErrCorrupt (recovered bbolt panics), the DB then refuses commits, and
// Close still works.
func TestCorruptDataPages(t *testing.T) {
	keep := func(meta []byte) []uint64 {
		return []uint64{binary.LittleEndian.Uint64(meta[metaRootOff:]), binary.LittleEndian.Uint64(meta[metaFreelistOff:])}
	}
	path := writeFile(t, "db", smash(validFile(t), keep))
	db, err := Open(path)
	requireNoError(t, err)
	_, _, err = db.Get(logKey("log/", 3))
	assertErrorIs(t, err, ErrCorrupt)
	assertErrorIs(t, db.Scan(nil, func(k, v []byte) error { return nil }), ErrCorrupt)
	err = db.Commit(batchOf([]mop{put(string(logKey("log/", 3)), "x")}))
	assertErrorIs(t, err, ErrCorrupt)
	err = db.Commit(batchOf([]mop{put("other", "x")}))
	assertErrorIs(t, err, ErrFailed)
	assertErrorIs(t, err, ErrCorrupt)
	done := make(chan error, 1)
	go func() { done <- db.Close() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close hangs after a recovered panic")
	}
}
