package gogen

import (
	"bytes"
	"fmt"
	"go/format"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/token"
)

// largeSpec builds an MPCal spec of about lines lines: define-block operators, procedures
// and archetypes using most statement and expression forms.
func largeSpec(lines int) string {
	var b strings.Builder
	b.WriteString("---- MODULE large ----\nEXTENDS Naturals, Sequences, TLC, FiniteSets\nCONSTANTS N, MK(_, _)\n\n")
	b.WriteString("(* --mpcal large {\n  define {\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "    Op%d(x) == IF x > %d THEN {y \\in 1..x : y %% 2 = 0} ELSE [a |-> x, b |-> <<x, %d>>]\n", i, i, i)
		fmt.Fprintf(&b, "    Set%d == {MK(i, j) : i \\in 1..N, j \\in {%d}}\n", i, i)
	}
	b.WriteString("  }\n\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, `  procedure P%d(ref acc, n)
    variables tmp = n + 1;
  {
  p%da:
    if (n > 0) {
      acc := acc + Op%d(tmp).a;
      call P%d(ref acc, n - 1);
      return;
    } else {
      return;
    };
  }

`, i, i, i%20, i)
	}
	emitted := strings.Count(b.String(), "\n")
	for i := 0; emitted < lines-20; i++ {
		start := strings.Count(b.String(), "\n")
		fmt.Fprintf(&b, `  archetype A%d(ref net[_], ref out, id)
    variables local = [k \in 1..3 |-> 0], count = id, msg = <<>>;
  {
  a%dinit:
    local[1] := id;
    local[2] := local[1] + 1;
    out := Op%d(count);
  a%dloop:
    while (count < N) {
      with (x \in 1..3, y = x + 1) {
        await x # y;
        net[x] := <<self, y, Set%d>>;
      };
      either {
        count := count + 1;
      } or {
        await count > 100;
        count := count + 2;
      };
    a%drecv:
      msg := net[id];
      if (msg = <<>> \/ Len(msg) > 2) {
        out := [msg EXCEPT ![1] = @ + 1];
      } else {
        out := CASE Len(msg) = 1 -> "one" [] OTHER -> "many";
      };
      call P%d(ref out, 2);
    };
  a%ddone:
    assert \A k \in DOMAIN local : local[k] >= 0;
    out := LET s == Cardinality(Set%d) IN s * 2;
  }

`, i, i, i%20, i, i%20, i, i%10, i, i%20)
		emitted += strings.Count(b.String(), "\n") - start
	}
	b.WriteString("}\n\\* BEGIN PLUSCAL TRANSLATION\n\\* END PLUSCAL TRANSLATION\n*)\n\\* BEGIN TRANSLATION\n\\* END TRANSLATION\n====\n")
	return b.String()
}

func TestLargeSpec(t *testing.T) {
	src := largeSpec(1000)
	if n := strings.Count(src, "\n"); n < 990 || n > 1100 {
		t.Fatalf("spec has %d lines", n)
	}
	code, err := GenerateFile("large.tla", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f, err := format.Source(code); err != nil || !bytes.Equal(f, code) {
		t.Errorf("output is not gofmt-clean (%v)", err)
	}
}

// BenchmarkGogen1000Lines: load, check and compile a 1,000-line spec, format the Go.
func BenchmarkGogen1000Lines(b *testing.B) {
	src := []byte(largeSpec(1000))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := GenerateFile("large.tla", src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGogen1000LinesGenerateOnly: the same, after loading (gogen's own share).
func BenchmarkGogen1000LinesGenerateOnly(b *testing.B) {
	src := []byte(largeSpec(1000))
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		fset := token.NewFileSet()
		spec, errs := check.LoadFile(fset, "large.tla", src)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		b.StartTimer()
		if _, err := Generate(fset, spec, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
