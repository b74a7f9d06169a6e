package kvtest

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
)

func checkStatsOrdered(t *testing.T, name string, s Stats) {
	t.Helper()
	if s.Ops == 0 {
		return
	}
	if !(0 < s.P50 && s.P50 <= s.P95 && s.P95 <= s.P99 && s.P99 <= s.Max) {
		t.Errorf("%s: percentiles out of order: p50 %v p95 %v p99 %v max %v", name, s.P50, s.P95, s.P99, s.Max)
	}
	if s.Mean <= 0 || s.Mean > s.Max {
		t.Errorf("%s: mean %v outside (0, max %v]", name, s.Mean, s.Max)
	}
}

func TestRunMemKV(t *testing.T) {
	s := newMemKV()
	var closed atomic.Int32
	newClient := func(i int) (Client, error) {
		c := newFakeClient(s, uint64(i))
		c.maxDelay = 50 * time.Microsecond
		c.closed = &closed
		return c, nil
	}
	opts := Options{Workload: WorkloadA, Clients: 4, Duration: 300 * time.Millisecond, Warmup: 100 * time.Millisecond, Records: 100, ValueSize: 32, Seed: 9, Label: "mem"}
	start := time.Now()
	res, err := Run(context.Background(), newClient, opts)
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < 400*time.Millisecond {
		t.Errorf("run took %v, less than warmup + duration", elapsed)
	}
	if closed.Load() != 4 {
		t.Errorf("%d clients closed, want 4", closed.Load())
	}
	if n := len(s.snapshot()); n != 100 {
		t.Errorf("store has %d keys after the run, want the 100 loaded", n)
	}
	if res.Label != "mem" || res.Workload != WorkloadA || res.Clients != 4 || res.Records != 100 || res.ValueSize != 32 || res.Seed != 9 || res.Warmup != 100*time.Millisecond {
		t.Errorf("result does not echo the options: %+v", res)
	}
	if res.Duration != 300*time.Millisecond {
		t.Errorf("measured window %v, want 300ms", res.Duration)
	}
	if res.Ops() == 0 || res.Read.Ops == 0 || res.Update.Ops == 0 {
		t.Fatalf("no operations measured: %+v", res)
	}
	if res.Read.Ops+res.Update.Ops != res.Ops() {
		t.Errorf("read %d + update %d != overall %d", res.Read.Ops, res.Update.Ops, res.Ops())
	}
	if res.Errors() != 0 {
		t.Errorf("%d errors on a store that never fails", res.Errors())
	}
	frac := float64(res.Read.Ops) / float64(res.Ops())
	if frac < 0.4 || frac > 0.6 {
		t.Errorf("workload A read fraction %.2f", frac)
	}
	if want := float64(res.Ops()) / 0.3; res.Throughput() < 0.99*want || res.Throughput() > 1.01*want {
		t.Errorf("throughput %.0f, want ops/duration = %.0f", res.Throughput(), want)
	}
	if got := res.Read.Throughput + res.Update.Throughput; got < 0.99*res.Throughput() || got > 1.01*res.Throughput() {
		t.Errorf("per-kind throughputs add up to %.0f, overall %.0f", got, res.Throughput())
	}
	checkStatsOrdered(t, "overall", res.Overall)
	checkStatsOrdered(t, "read", res.Read)
	checkStatsOrdered(t, "update", res.Update)
	if res.Overall.Max < max(res.Read.Max, res.Update.Max) {
		t.Errorf("overall max %v below a per-kind max", res.Overall.Max)
	}
	t.Logf("\n%s", res.Table())
}

func TestRunWorkloadCAndSkipLoad(t *testing.T) {
	s := newMemKV()
	res, err := Run(context.Background(), func(i int) (Client, error) { return newFakeClient(s, uint64(i)), nil },
		Options{Workload: WorkloadC, Clients: 2, Duration: 100 * time.Millisecond, SkipLoad: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.snapshot()) != 0 {
		t.Error("SkipLoad still loaded")
	}
	if res.Update.Ops != 0 || res.Update.Errors != 0 || res.Read.Ops == 0 {
		t.Errorf("workload C: read %d update %d", res.Read.Ops, res.Update.Ops)
	}
	if res.Records != DefaultRecords || res.ValueSize != DefaultValueSize {
		t.Errorf("defaults not applied: %+v", res)
	}
}

func TestRunCountsErrors(t *testing.T) {
	s := newMemKV()
	res, err := Run(context.Background(), func(i int) (Client, error) {
		c := newFakeClient(s, uint64(i))
		c.getErrEvery, c.putErrEvery = 10, 10
		return c, nil
	}, Options{Workload: WorkloadA, Clients: 2, Duration: 150 * time.Millisecond, Records: 50, SkipLoad: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Read.Errors == 0 || res.Update.Errors == 0 {
		t.Fatalf("errors not counted: read %d update %d", res.Read.Errors, res.Update.Errors)
	}
	if res.Errors() != res.Read.Errors+res.Update.Errors {
		t.Errorf("overall errors %d != %d + %d", res.Errors(), res.Read.Errors, res.Update.Errors)
	}
	total := res.Ops() + res.Errors()
	if r := float64(res.Errors()) / float64(total); r < 0.05 || r > 0.15 {
		t.Errorf("error ratio %.3f, want about 0.1", r)
	}
}

func TestRunCancelled(t *testing.T) {
	s := newMemKV()
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	res, err := Run(ctx, func(i int) (Client, error) { return newFakeClient(s, uint64(i)), nil },
		Options{Clients: 2, Duration: time.Minute, Records: 10})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	if res == nil || res.Ops() == 0 || res.Duration <= 0 || res.Duration > time.Second {
		t.Fatalf("want a partial result, got %+v", res)
	}
}

func TestRunClientErrors(t *testing.T) {
	var closed atomic.Int32
	boom := errors.New("boom")
	_, err := Run(context.Background(), func(i int) (Client, error) {
		if i == 2 {
			return nil, boom
		}
		c := newFakeClient(newMemKV(), 0)
		c.closed = &closed
		return c, nil
	}, Options{Clients: 3, Duration: time.Second})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if closed.Load() != 2 {
		t.Errorf("%d of the 2 opened clients closed", closed.Load())
	}
	for _, o := range []Options{{Workload: "Z"}, {Clients: -1}, {Duration: -time.Second}} {
		if _, err := Run(context.Background(), nil, o); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
	// A load phase that cannot complete fails the run.
	_, err = Run(context.Background(), func(int) (Client, error) { return errClient{errFlaky}, nil }, Options{Duration: time.Second})
	if !errors.Is(err, errFlaky) {
		t.Errorf("run with failing load: err = %v", err)
	}
}

func sampleResults() []*Result {
	mk := func(w Workload, clients int, tput float64) *Result {
		return &Result{
			Label: "pbkvs", Workload: w, Clients: clients, Records: 1000, ValueSize: 100, Seed: 1,
			Warmup: time.Second, Duration: 10 * time.Second,
			Overall: Stats{Ops: int64(tput * 10), Errors: 2, Throughput: tput, Mean: 900 * time.Microsecond, P50: 800 * time.Microsecond, P95: 2 * time.Millisecond, P99: 5 * time.Millisecond, Max: 42 * time.Millisecond},
			Read:    Stats{Ops: int64(tput * 5), Errors: 1, Throughput: tput / 2, P50: 700 * time.Microsecond, P99: 4 * time.Millisecond},
			Update:  Stats{Ops: int64(tput * 5), Errors: 1, Throughput: tput / 2, P50: 900 * time.Microsecond, P99: 6 * time.Millisecond},
		}
	}
	return []*Result{mk(WorkloadA, 1, 1234.5), mk(WorkloadA, 16, 20345), mk(WorkloadB, 1, 1500), mk(WorkloadC, 16, 99999)}
}

func TestResultJSONRoundTrip(t *testing.T) {
	in := sampleResults()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, in); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"workload": "A"`, `"p99_ns": 5000000`, `"throughput_ops_per_sec": 1234.5`, `"label": "pbkvs"`} {
		if !strings.Contains(buf.String(), field) {
			t.Errorf("JSON lacks %s:\n%s", field, buf.String())
		}
	}
	out, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip changed the results:\n%+v\n%+v", in, out)
	}

	path := filepath.Join(t.TempDir(), "bench.json")
	if err := WriteJSONFile(path, in[:1]); err != nil {
		t.Fatal(err)
	}
	path2 := filepath.Join(t.TempDir(), "bench2.json")
	if err := WriteJSONFile(path2, in[1:]); err != nil {
		t.Fatal(err)
	}
	if both, err := ReadJSONFiles(path, path2); err != nil || !reflect.DeepEqual(both, in) {
		t.Errorf("ReadJSONFiles of the two halves = %+v, %v; want %+v", both, err, in)
	}
	if _, err := ReadJSONFiles(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("ReadJSONFiles of a missing file succeeded")
	}
	if _, err := ReadJSON(strings.NewReader("{")); err == nil {
		t.Error("ReadJSON accepted malformed input")
	}
	buf.Reset()
	WriteJSON(&buf, nil)
	if strings.TrimSpace(buf.String()) != "[]" {
		t.Errorf("no results encode as %q, want []", buf.String())
	}
}

func TestFormatTable(t *testing.T) {
	results := sampleResults()
	out := FormatTable(results)
	t.Logf("\n%s", out)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != len(results)+1 {
		t.Fatalf("%d lines, want header + %d", len(lines), len(results))
	}
	if !strings.HasPrefix(lines[0], "label") || !strings.Contains(lines[0], "workload") || !strings.Contains(lines[0], "p99(ms)") {
		t.Errorf("header: %q", lines[0])
	}
	if !strings.Contains(lines[1], "1234") || !strings.Contains(lines[1], "5.000") || !strings.Contains(lines[1], "42.000") {
		t.Errorf("row: %q", lines[1])
	}
	for _, l := range lines {
		if utf8.RuneCountInString(l) != utf8.RuneCountInString(lines[0]) {
			t.Errorf("lines not aligned:\n%s", out)
			break
		}
	}
	single := results[0].Table()
	if n := strings.Count(strings.TrimRight(single, "\n"), "\n"); n != 1 {
		t.Errorf("Result.Table has %d lines, want 2:\n%s", n+1, single)
	}
}

func TestFormatMatrix(t *testing.T) {
	out := FormatMatrix(sampleResults())
	t.Logf("\n%s", out)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 4 { // header + workloads A, B, C
		t.Fatalf("%d lines, want 4:\n%s", len(lines), out)
	}
	want := [][]string{
		{"label", "workload", "1 clients", "16 clients"},
		{"pbkvs", "A", "1234", "20345"},
		{"pbkvs", "B", "1500", "-"},
		{"pbkvs", "C", "-", "99999"},
	}
	for i, w := range want {
		got := strings.Fields(strings.ReplaceAll(lines[i], " clients", "_clients"))
		for j := range w {
			w[j] = strings.ReplaceAll(w[j], " clients", "_clients")
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("line %d = %q, want %q", i, got, w)
		}
	}
}
