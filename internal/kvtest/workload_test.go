package kvtest

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestZipfianSkew(t *testing.T) {
	const n, draws = 1000, 200_000
	z, err := NewZipfian(n, ZipfianConstant)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	counts := make([]int, n)
	for range draws {
		v := z.Next(r)
		if v < 0 || v >= n {
			t.Fatalf("draw %d out of [0, %d)", v, n)
		}
		counts[v]++
	}
	// Ranks 0 and 1 are drawn with their exact probabilities.
	for i := range 2 {
		want := z.Prob(i) * draws
		if got := float64(counts[i]); math.Abs(got-want) > 0.05*want {
			t.Errorf("rank %d drawn %v times, want about %.0f", i, got, want)
		}
	}
	sorted := slices.Clone(counts)
	slices.Sort(sorted)
	median := sorted[n/2]
	if counts[0] < 50*max(median, 1) {
		t.Errorf("most popular key drawn %d times, median key %d times: not skewed enough", counts[0], median)
	}
	if slices.Max(counts) != counts[0] {
		t.Errorf("rank 0 is not the most popular: %d < %d", counts[0], slices.Max(counts))
	}
	// The hottest 10% of the keys get most of the draws; every tenth of the key space
	// gets fewer than the one before.
	var deciles [10]int
	for i, c := range counts {
		deciles[i*10/n] += c
	}
	if deciles[0] < draws/2 {
		t.Errorf("hottest 10%% of the keys drawn %d of %d times", deciles[0], draws)
	}
	for i := 1; i < 10; i++ {
		if deciles[i] > deciles[i-1] {
			t.Errorf("decile %d drawn more often (%d) than decile %d (%d)", i, deciles[i], i-1, deciles[i-1])
		}
	}
	// Roughly the exact distribution beyond rank 1 too.
	var wantTop10 float64
	for i := range 10 {
		wantTop10 += z.Prob(i)
	}
	var top10 int
	for _, c := range counts[:10] {
		top10 += c
	}
	if got := float64(top10) / draws; math.Abs(got-wantTop10) > 0.1*wantTop10 {
		t.Errorf("top 10 ranks: frequency %.3f, want about %.3f", got, wantTop10)
	}
}

func TestZipfianSmallAndInvalid(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3} {
		z, err := NewZipfian(n, ZipfianConstant)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]bool{}
		for range 10_000 {
			v := z.Next(r)
			if v < 0 || v >= n {
				t.Fatalf("n=%d: draw %d out of range", n, v)
			}
			seen[v] = true
		}
		if len(seen) != n {
			t.Errorf("n=%d: drew only %v", n, seen)
		}
	}
	for _, bad := range []struct {
		n     int
		theta float64
	}{{0, 0.99}, {-1, 0.99}, {10, 0}, {10, 1}, {10, 1.5}, {10, math.NaN()}} {
		if _, err := NewZipfian(bad.n, bad.theta); err == nil {
			t.Errorf("NewZipfian(%d, %v) accepted", bad.n, bad.theta)
		}
	}
}

func TestWorkloadMix(t *testing.T) {
	const draws = 100_000
	for _, w := range Workloads() {
		g, err := NewGenerator(w, 1000, 100, 42, 0)
		if err != nil {
			t.Fatal(err)
		}
		reads := 0
		for range draws {
			op := g.Next()
			switch op.Kind {
			case OpGet:
				reads++
				if op.Value != "" {
					t.Fatalf("get with a value: %+v", op)
				}
			case OpPut:
				if len(op.Value) != 100 {
					t.Fatalf("value of %d bytes, want 100", len(op.Value))
				}
			default:
				t.Fatalf("bad op kind %v", op.Kind)
			}
		}
		got, want := float64(reads)/draws, w.ReadProportion()
		if math.Abs(got-want) > 0.01 {
			t.Errorf("workload %s: read proportion %.4f, want %.2f ± 0.01", w, got, want)
		}
		if w == WorkloadC && reads != draws {
			t.Errorf("workload C issued %d updates", draws-reads)
		}
	}
}

func TestGeneratorDeterministic(t *testing.T) {
	seq := func(seed uint64, stream int) []Op {
		g, err := NewGenerator(WorkloadA, 1000, 50, seed, stream)
		if err != nil {
			t.Fatal(err)
		}
		ops := make([]Op, 1000)
		for i := range ops {
			ops[i] = g.Next()
		}
		return ops
	}
	a := seq(7, 1)
	if !slices.Equal(a, seq(7, 1)) {
		t.Error("same seed and stream gave different sequences")
	}
	if slices.Equal(a, seq(8, 1)) {
		t.Error("different seeds gave the same sequence")
	}
	if slices.Equal(a, seq(7, 2)) {
		t.Error("different streams gave the same sequence")
	}
	values := map[string]bool{}
	for _, s := range [][]Op{a, seq(7, 2)} {
		for _, op := range s {
			if op.Kind == OpPut {
				if values[op.Value] {
					t.Fatalf("value %q written twice", op.Value)
				}
				values[op.Value] = true
			}
		}
	}
	if LoadValue(7, 3, 100) != LoadValue(7, 3, 100) || LoadValue(7, 3, 100) == LoadValue(7, 4, 100) {
		t.Error("LoadValue is not a deterministic function of (seed, record)")
	}
}

func TestKeysAndValueSizes(t *testing.T) {
	g, err := NewGenerator(WorkloadA, 10, 3, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for i := range 10 {
		keys[KeyName(i)] = true
	}
	for range 1000 {
		op := g.Next()
		if !keys[op.Key] {
			t.Fatalf("key %q outside the 10 records", op.Key)
		}
		if op.Kind == OpPut && len(op.Value) < 3 {
			t.Fatalf("value %q shorter than asked", op.Value)
		}
	}
	if KeyName(42) != "user00000042" {
		t.Errorf("KeyName(42) = %q", KeyName(42))
	}
	if _, err := NewGenerator("D", 10, 10, 1, 0); err == nil {
		t.Error("workload D accepted")
	}
	if _, err := NewGenerator(WorkloadA, 10, -1, 1, 0); err == nil {
		t.Error("negative value size accepted")
	}
}

func TestParseWorkload(t *testing.T) {
	for in, want := range map[string]Workload{"A": WorkloadA, "b": WorkloadB, "workloadc": WorkloadC, "Workload-A": WorkloadA, " c ": WorkloadC} {
		if got, err := ParseWorkload(in); err != nil || got != want {
			t.Errorf("ParseWorkload(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "D", "workload", "AB"} {
		if _, err := ParseWorkload(in); err == nil {
			t.Errorf("ParseWorkload(%q) accepted", in)
		}
	}
}

func TestLoad(t *testing.T) {
	s := newMemKV()
	clients := []Client{newFakeClient(s, 1), newFakeClient(s, 2), newFakeClient(s, 3)}
	if err := Load(context.Background(), clients, 100, 20, 5); err != nil {
		t.Fatal(err)
	}
	m := s.snapshot()
	if len(m) != 100 {
		t.Fatalf("load wrote %d keys, want 100", len(m))
	}
	for i := range 100 {
		if got, want := m[KeyName(i)], LoadValue(5, i, 20); got != want || len(got) != 20 {
			t.Errorf("record %d = %q, want %q (20 bytes)", i, got, want)
		}
	}

	// A Put that keeps failing fails the load.
	failing := newFakeClient(s, 4)
	failing.putDropEvery = 1
	if err := Load(context.Background(), []Client{newFakeClient(s, 5), failing}, 100, 20, 5); err == nil {
		t.Error("load with a failing client succeeded")
	}
	// Transient failures are retried.
	flaky := newFakeClient(s, 6)
	flaky.putDropEvery = 2
	if err := Load(context.Background(), []Client{flaky}, 100, 20, 5); err != nil {
		t.Errorf("load with transient failures: %v", err)
	}
}
