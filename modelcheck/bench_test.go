package modelcheck

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mpgo/mpgo/internal/corpus"
)

// perfRow is one line of the comparison table printed by BenchmarkPerf.
type perfRow struct {
	name                 string
	distinct, generated  int64
	wall                 float64
	rssKiB               int64
	tlcWall              float64
	tlcRSSKiB            int64
	tlcDistinctPerSecond float64
}

// BenchmarkPerf runs `mpgo check` in a child process on each model of
// testdata/perf (and on this package's own large model,
// testdata/scaling/scaling.tla) and reports wall time, distinct states per
// second and peak RSS (from rusage) next to TLC's figures from
// expected.json. The counts must be exactly TLC's. MPGO_BENCH_WORKERS sets
// the number of workers (default 2, as in TLC's runs); MPGO_BENCH_ONLY
// selects models by substring.
//
//	go test -run '^$' -bench BenchmarkPerf ./modelcheck/
func BenchmarkPerf(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "mpgo")
	build := exec.Command("go", "build", "-o", bin, "github.com/mpgo/mpgo/cmd/mpgo")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Fatalf("building mpgo: %v", err)
	}
	workers := 2
	if w, err := strconv.Atoi(os.Getenv("MPGO_BENCH_WORKERS")); err == nil && w > 0 {
		workers = w
	}
	only := os.Getenv("MPGO_BENCH_ONLY")
	cases, err := corpus.Cases("perf")
	if err != nil {
		b.Fatal(err)
	}
	own, _ := filepath.Abs("testdata/scaling/scaling.tla")
	cases = append(cases, corpus.Case{Group: "own", Name: "scaling", Spec: own,
		Config: strings.TrimSuffix(own, ".tla") + ".cfg"})
	var rows []perfRow
	for _, c := range cases {
		if only != "" && !strings.Contains(c.Name, only) {
			continue
		}
		b.Run(c.Name, func(b *testing.B) {
			var row perfRow
			for i := 0; i < b.N; i++ {
				row = runChild(b, bin, c, workers)
			}
			b.ReportMetric(row.wall, "wall-s")
			b.ReportMetric(float64(row.distinct)/row.wall, "distinct/s")
			b.ReportMetric(float64(row.rssKiB)/1024, "peak-MiB")
			if row.tlcWall > 0 {
				b.ReportMetric(row.tlcWall, "tlc-wall-s")
				b.ReportMetric(row.tlcDistinctPerSecond, "tlc-distinct/s")
				b.ReportMetric(float64(row.tlcRSSKiB)/1024, "tlc-peak-MiB")
			}
			rows = append(rows, row)
		})
	}
	if len(rows) > 0 {
		var sb strings.Builder
		fmt.Fprintf(&sb, "\n%-22s %12s %12s %9s %12s %10s | %9s %12s %10s | %7s %7s\n", "model", "distinct", "generated",
			"wall s", "distinct/s", "peak MiB", "TLC s", "TLC dist/s", "TLC MiB", "speedup", "mem")
		for _, r := range rows {
			rate := float64(r.distinct) / r.wall
			fmt.Fprintf(&sb, "%-22s %12d %12d %9.2f %12.0f %10.0f", r.name, r.distinct, r.generated, r.wall, rate, float64(r.rssKiB)/1024)
			if r.tlcWall > 0 {
				fmt.Fprintf(&sb, " | %9.2f %12.0f %10.0f | %6.2fx %6.2fx\n", r.tlcWall, r.tlcDistinctPerSecond,
					float64(r.tlcRSSKiB)/1024, rate/r.tlcDistinctPerSecond, float64(r.rssKiB)/float64(r.tlcRSSKiB))
			} else {
				fmt.Fprintf(&sb, " | %9s %12s %10s |\n", "-", "-", "-")
			}
		}
		fmt.Fprintf(&sb, "(%d workers; TLC: 2 workers, figures from expected.json; speedup = distinct-states rate ratio, mem = peak RSS ratio)\n", workers)
		b.Log(sb.String())
		fmt.Print(sb.String())
	}
}

// runChild runs one model in a child process and checks its counts.
func runChild(b *testing.B, bin string, c corpus.Case, workers int) perfRow {
	b.Helper()
	out := filepath.Join(b.TempDir(), "result.json")
	cmd := exec.Command(bin, "check", "-workers", strconv.Itoa(workers), "-progress", "-1s",
		"-config", c.Config, "-json", out, c.Spec)
	cmd.Stdout, cmd.Stderr = nil, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start).Seconds()
	if err != nil {
		b.Fatalf("%s: %v", c.Name, err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		b.Fatal(err)
	}
	var res Result
	if err := json.Unmarshal(data, &res); err != nil {
		b.Fatal(err)
	}
	row := perfRow{name: c.Name, distinct: res.DistinctStates, generated: res.TotalStates, wall: wall}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		row.rssKiB = ru.Maxrss // KiB on Linux
	}
	if c.Group == "perf" {
		want := c.Expected.BreadthFirst()
		if res.Result != want.Result || res.DistinctStates != want.DistinctStates ||
			res.TotalStates != want.TotalStates || res.StateDepth != want.StateDepth {
			b.Fatalf("%s: got %s %d distinct %d generated depth %d, want %s %d %d %d", c.Name, res.Result,
				res.DistinctStates, res.TotalStates, res.StateDepth, want.Result, want.DistinctStates,
				want.TotalStates, want.StateDepth)
		}
		row.tlcWall = c.Expected.TLCWallSeconds
		row.tlcRSSKiB = c.Expected.TLCPeakRSSKiB
		row.tlcDistinctPerSecond = float64(want.DistinctStates) / c.Expected.TLCWallSeconds
	} else if res.Result != ResultSuccess {
		b.Fatalf("%s: %s %s", c.Name, res.Result, res.Error)
	}
	return row
}
