package store

import (
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

// benchAppends commits b.N single-entry batches (a 100-byte value under a
// log key, like one Raft log append per critical section) from the given
// number of goroutines, each waiting for its commit before the next.
func benchAppends(b *testing.B, committers int, opts ...Option) {
	db, err := Open(filepath.Join(b.TempDir(), "bench.db"), opts...)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	value := make([]byte, 100)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	for range committers {
		wg.Go(func() {
			var batch Batch
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				batch.Reset()
				batch.Put(logKey("log/", uint64(i)), value)
				if err := db.Commit(&batch); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	s := db.Stats()
	if s.Commits != uint64(b.N) {
		b.Fatalf("%d commits, want %d", s.Commits, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
	b.ReportMetric(float64(s.Groups)/float64(s.Commits), "txns/commit")
	b.ReportMetric(float64(s.Syncs)/float64(s.Commits), "fsyncs/commit")
}

// BenchmarkAppendSequential: one committer, so one transaction and one fsync
// per append.
func BenchmarkAppendSequential(b *testing.B) { benchAppends(b, 1) }

// BenchmarkAppendConcurrent: n committers sharing fsyncs through group commit.
func BenchmarkAppendConcurrent(b *testing.B) {
	for _, n := range []int{8, 32, 128} {
		b.Run(fmt.Sprintf("committers=%d", n), func(b *testing.B) { benchAppends(b, n) })
	}
}

// BenchmarkAppendNoSync shows the cost without fsync, for reference.
func BenchmarkAppendNoSync(b *testing.B) {
	for _, n := range []int{1, 32} {
		b.Run(fmt.Sprintf("committers=%d", n), func(b *testing.B) { benchAppends(b, n, WithNoSync()) })
	}
}
