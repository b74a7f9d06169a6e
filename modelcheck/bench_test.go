package modelcheck

import (
	"encoding/json"
	"errors"
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
func runChild(b *testing.B, bin string, c corpus.Case, workers int, flags ...string) perfRow {
	b.Helper()
	row, res := runChildResult(b, bin, c, workers, flags...)
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

// runChildResult runs `mpgo check` on one model in a child process and
// returns its wall time, peak RSS and summary.
func runChildResult(b *testing.B, bin string, c corpus.Case, workers int, flags ...string) (perfRow, *Result) {
	b.Helper()
	out := filepath.Join(b.TempDir(), "result.json")
	args := append([]string{"check", "-workers", strconv.Itoa(workers), "-progress", "-1s"}, flags...)
	cmd := exec.Command(bin, append(args, "-config", c.Config, "-json", out, c.Spec)...)
	cmd.Stdout, cmd.Stderr = nil, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start).Seconds()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
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
	return row, &res
}

// BenchmarkLiveness compares, in child processes, checking the temporal
// properties of a model with checking its safety part only
// (-ignore-temporal): on the largest corpus model with a temporal
// property (pluscal/p_syntax_procs) and on this package's
// testdata/liveness/ring.tla (147,721 states, ten temporal properties
// under per-node weak fairness). The liveness runs must reach the
// expected verdicts and counts. MPGO_BENCH_WORKERS sets the number of
// workers (default 2).
//
//	go test -run '^$' -bench BenchmarkLiveness ./modelcheck/
func BenchmarkLiveness(b *testing.B) {
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
	cases, err := corpus.Cases("pluscal")
	if err != nil {
		b.Fatal(err)
	}
	var models []corpus.Case
	for _, c := range cases {
		if c.Name == "p_syntax_procs" {
			models = append(models, c)
		}
	}
	ring, _ := filepath.Abs("testdata/liveness/ring.tla")
	models = append(models, corpus.Case{Group: "own", Name: "ring", Spec: ring, Config: strings.TrimSuffix(ring, ".tla") + ".cfg"})
	type pair struct{ live, safety perfRow }
	var rows []pair
	for _, c := range models {
		b.Run(c.Name, func(b *testing.B) {
			var p pair
			for i := 0; i < b.N; i++ {
				var res *Result
				p.live, res = runChildResult(b, bin, c, workers)
				want := ResultSuccess
				if c.Group != "own" {
					bf := c.Expected.BreadthFirst()
					want = bf.Result
					if res.DistinctStates != bf.DistinctStates || res.TotalStates != bf.TotalStates || res.StateDepth != bf.StateDepth {
						b.Fatalf("%s: %d distinct %d generated depth %d, want %d %d %d", c.Name, res.DistinctStates,
							res.TotalStates, res.StateDepth, bf.DistinctStates, bf.TotalStates, bf.StateDepth)
					}
				}
				if res.Result != want {
					b.Fatalf("%s: %s, want %s", c.Name, res.Result, want)
				}
				p.safety, res = runChildResult(b, bin, c, workers, "-ignore-temporal")
				if res.DistinctStates != p.live.distinct || res.TotalStates != p.live.generated {
					b.Fatalf("%s: the safety-only run found other counts", c.Name)
				}
			}
			b.ReportMetric(p.live.wall, "wall-s")
			b.ReportMetric(float64(p.live.rssKiB)/1024, "peak-MiB")
			b.ReportMetric(p.safety.wall, "safety-wall-s")
			b.ReportMetric(float64(p.safety.rssKiB)/1024, "safety-peak-MiB")
			rows = append(rows, p)
		})
	}
	if len(rows) > 0 {
		var sb strings.Builder
		fmt.Fprintf(&sb, "\n%-16s %10s %10s | %9s %9s | %9s %9s\n", "model", "distinct", "generated",
			"live s", "live MiB", "safety s", "safety MiB")
		for _, p := range rows {
			fmt.Fprintf(&sb, "%-16s %10d %10d | %9.2f %9.0f | %9.2f %9.0f\n", p.live.name, p.live.distinct, p.live.generated,
				p.live.wall, float64(p.live.rssKiB)/1024, p.safety.wall, float64(p.safety.rssKiB)/1024)
		}
		fmt.Fprintf(&sb, "(%d workers; safety = the same model with -ignore-temporal)\n", workers)
		b.Log(sb.String())
		fmt.Print(sb.String())
	}
}
