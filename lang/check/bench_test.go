package check_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/token"
)

// bigSpec generates an MPCal spec with n copies of every kind of declaration (about 100
// lines per copy): module definitions, define units, macros, MPCal procedures, mapping
// macros, archetypes, globals, instances, PlusCal procedures and processes.
func bigSpec(n int) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("---- MODULE big ----\nEXTENDS Naturals, Sequences, TLC, FiniteSets\nCONSTANTS N, BUF\n")
	for i := 0; i < n; i++ {
		w("Helper%d(x, y) == IF x > y THEN x - y ELSE y - x\n", i)
		w("Set%d == {k \\in 1..N : Helper%d(k, %d) > 0}\n", i, i, i)
		w("RECURSIVE Fact%d(_)\nFact%d(k) == IF k = 0 THEN 1 ELSE k * Fact%d(k - 1)\n", i, i, i)
		w("Rec%d == [a |-> %d, b |-> <<1, 2>>, c |-> {x \\in Set%d : \\E y \\in 1..3 : x = y}]\n----\n", i, i, i)
	}
	w("(* --mpcal big {\n  define {\n")
	for i := 0; i < n; i++ {
		w("    Def%d(x) == Helper%d(x, %d) + Cardinality(Set%d)\n", i, i, i, i)
		w("    Max%d(S) == CHOOSE m \\in S : \\A o \\in S : o <= m\n", i)
	}
	w("  }\n")
	for i := 0; i < n; i++ {
		w("  macro Push%d(q, v) {\n    await Len(q) < BUF;\n    q := Append(q, v + Def%d(1));\n  }\n", i, i)
	}
	for i := 0; i < n; i++ {
		w(`  procedure Proc%[1]d(ref into[_], k)
    variables tmp = k, acc = 0;
  {
    p%[1]d: tmp := tmp + 1;
        into[k] := tmp + acc;
        if (tmp > 3) {
          return;
        } else {
          acc := Def%[1]d(acc);
        };
    q%[1]d: call Proc%[1]d(ref into[_], k + 1);
        return;
  }
`, i)
	}
	for i := 0; i < n; i++ {
		w(`  mapping macro Chan%[1]d {
    read {
      await Len($variable) > 0;
      with (m = Head($variable)) {
        $variable := Tail($variable);
        yield m;
      };
    }
    write {
      await Len($variable) < BUF;
      yield Append($variable, $value);
    }
  }
`, i)
	}
	for i := 0; i < n; i++ {
		w(`  archetype Arch%[1]d(ref net[_], ref out, id)
    variables local = [j \in 1..N |-> 0], seen = {}, cnt = 0;
  {
    start%[1]d: while (cnt < N) {
             with (msg = net[id], other = msg + 1) {
               seen := seen \union {msg};
               local[cnt + 1] := other;
             };
             cnt := cnt + 1;
           };
           out := Cardinality(seen);
    send%[1]d: either {
             net[(id %% N) + 1] := <<self, cnt>>;
           } or {
             await cnt > 0;
             out := Max%[1]d(seen \cup {0});
           } or {
             Push%[1]d(local, out);
           };
    call%[1]d: call Proc%[1]d(ref net[_], id);
    check%[1]d: if (\A j \in DOMAIN local : local[j] >= 0) {
             out := Fact%[1]d(3) + Rec%[1]d.a;
             goto start%[1]d;
           } else {
             assert FALSE;
           };
    fin%[1]d: out := out + 1 || cnt := out;
  }
`, i)
	}
	w("  variables\n")
	for i := 0; i < n; i++ {
		w("    net%[1]d = [j \\in 1..N |-> <<>>], res%[1]d = 0, q%[1]d = <<>>,\n", i)
	}
	w("    last = 0;\n")
	for i := 0; i < n; i++ {
		w("  fair process (I%[1]d \\in 1..N) == instance Arch%[1]d(ref net%[1]d[_], ref res%[1]d, I%[1]d)\n    mapping net%[1]d[_] via Chan%[1]d;\n", i)
	}
	for i := 0; i < n; i++ {
		w(`  procedure Plain%[1]d(a)
    variables t%[1]d = 0;
  {
    pl%[1]d: t%[1]d := a + last;
         last := t%[1]d;
         return;
  }
`, i)
	}
	for i := 0; i < n; i++ {
		w(`  fair process (W%[1]d = %[1]d + 1000)
    variables v%[1]d = 0;
  {
    w%[1]d: while (v%[1]d < 3) {
          call Plain%[1]d(v%[1]d);
        };
    x%[1]d: with (e \in {1, 2, 3}) {
          v%[1]d := v%[1]d + e;
          q%[1]d := Append(q%[1]d, e);
        };
  }
`, i)
	}
	w("}\n*)\n\\* BEGIN TRANSLATION\n====\n")
	return b.String()
}

func TestBigSpecChecks(t *testing.T) {
	src := bigSpec(230)
	if n := strings.Count(src, "\n"); n < 20000 {
		t.Fatalf("only %d lines", n)
	}
	fset := token.NewFileSet()
	spec, errs := check.LoadFile(fset, "big.tla", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs[:min(len(errs), 10)])
	}
	if _, errs := check.Check(fset, spec, check.Config{}); len(errs) > 0 {
		t.Fatal(errs[:min(len(errs), 10)])
	}
}

// BenchmarkParseCheck20kLines parses and checks a generated 20,000-line MPCal spec.
func BenchmarkParseCheck20kLines(b *testing.B) {
	src := []byte(bigSpec(230))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fset := token.NewFileSet()
		spec, errs := check.LoadFile(fset, "big.tla", src)
		if len(errs) > 0 {
			b.Fatal(errs[0])
		}
		if _, errs := check.Check(fset, spec, check.Config{}); len(errs) > 0 {
			b.Fatal(errs[0])
		}
	}
}
