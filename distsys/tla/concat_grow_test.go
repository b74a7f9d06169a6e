package tla

import (
	"sync"
	"testing"
)

func numbers(from, n int) []Value {
	out := make([]Value, n)
	for i := range out {
		out[i] = MakeNumber(int32(from + i))
	}
	return out
}

func checkSeq(t *testing.T, what string, s Value, want []Value) {
	t.Helper()
	if got := MakeTuple(want...); !s.Equal(got) {
		t.Fatalf("%s = %v, want %v", what, s, got)
	}
}

// TestConcatGrowsInPlace checks that \o extending a long sequence in place (a Raft log
// growing by appends) never changes an existing value: appending twice to the same
// sequence, or to an older version, copies.
func TestConcatGrowsInPlace(t *testing.T) {
	log := MakeTuple(numbers(0, 100)...)
	var versions []Value
	var want [][]Value
	cur := numbers(0, 100)
	for i := range 50 {
		next := numbers(100+3*i, 3)
		log = ModuleOSymbol(log, MakeTuple(next...))
		cur = append(append([]Value(nil), cur...), next...)
		versions = append(versions, log)
		want = append(want, cur)
	}
	for i, v := range versions {
		checkSeq(t, "version", v, want[i])
	}
	// Branching from an old version must not overwrite the newer ones.
	old := versions[10]
	branch := ModuleOSymbol(old, MakeTuple(MakeString("x")))
	checkSeq(t, "branch", branch, append(append([]Value(nil), want[10]...), MakeString("x")))
	for i, v := range versions {
		checkSeq(t, "version after the branch", v, want[i])
	}
	// The whole-range SubSeq keeps the sequence (and its room to grow); a shorter one is
	// a copy-on-append prefix.
	last := versions[len(versions)-1]
	if s := ModuleSubSeq(last, MakeNumber(1), ModuleLen(last)); !s.Equal(last) {
		t.Fatalf("SubSeq(whole) = %v", s)
	}
	prefix := ModuleSubSeq(last, MakeNumber(1), MakeNumber(105))
	popped := ModuleOSymbol(prefix, MakeTuple(MakeString("y")))
	checkSeq(t, "popped and appended", popped, append(append([]Value(nil), want[len(want)-1][:105]...), MakeString("y")))
	checkSeq(t, "last after the pop", last, want[len(want)-1])
}

// TestConcatGrowsConcurrently appends to one sequence from many goroutines (run with
// -race): each result holds its own suffix and the base is unchanged.
func TestConcatGrowsConcurrently(t *testing.T) {
	base := ModuleOSymbol(MakeTuple(numbers(0, 100)...), MakeTuple(MakeNumber(100)))
	var wg sync.WaitGroup
	results := make([]Value, 16)
	for g := range results {
		wg.Go(func() {
			results[g] = ModuleOSymbol(base, MakeTuple(numbers(1000*(g+1), 5)...))
		})
	}
	wg.Wait()
	checkSeq(t, "base", base, numbers(0, 101))
	for g, r := range results {
		checkSeq(t, "result", r, append(numbers(0, 101), numbers(1000*(g+1), 5)...))
	}
}
