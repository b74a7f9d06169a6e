package gogen

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/lang/check"
)

// errSpec builds a spec whose module prefix holds prefix, whose define block holds define,
// and whose archetype writes expr to its ref parameter.
func errSpec(extends, prefix, define, expr string) string {
	return fmt.Sprintf(`---- MODULE e ----
EXTENDS %s
%s
(* --mpcal e {
  define {
    Fine == 1
%s
  }
  archetype A(ref out) {
  l:
    out := %s;
  }
}
\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION
====
`, extends, prefix, define, expr)
}

// position returns "line:col" of the n-th (1-based) occurrence of needle in src.
func position(t *testing.T, src, needle string, n int) string {
	t.Helper()
	off := -1
	for i := 0; i < n; i++ {
		j := strings.Index(src[off+1:], needle)
		if j < 0 {
			t.Fatalf("%q not found %d times", needle, n)
		}
		off += 1 + j
	}
	line := strings.Count(src[:off], "\n") + 1
	col := off - strings.LastIndex(src[:off], "\n")
	return fmt.Sprintf("%d:%d", line, col)
}

func generate(t *testing.T, name, src string) ([]byte, error) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return GenerateFile(path, nil, Options{})
}

// Unsupported constructs in reachable code are positioned UnsupportedOperationErrors
// (mpcal.md §3.6, §7.1).
func TestUnsupportedReachable(t *testing.T) {
	base := "Naturals, Integers, Sequences, TLC, FiniteSets"
	cases := []struct {
		name                    string
		extends, prefix, define string
		expr                    string
		at                      string // the construct reported; its first occurrence after "l:"
	}{
		{"Nat", base, "", "", `1 \in Nat`, "Nat"},
		{"Int", base, "", "", `1 \in Int`, "Int"},
		{"STRING", base, "", "", `"a" \in STRING`, "STRING"},
		{"Print", base, "", "", `Print(1, 2)`, "Print"},
		{"PrintT", base, "", "", `PrintT(1)`, "PrintT"},
		{"JavaTime", base, "", "", `JavaTime`, "JavaTime"},
		{"prime", base, "", "", `Fine'`, "'"},
		{"ENABLED", base, "", "", `ENABLED (1 = 1)`, "ENABLED"},
		{"UNCHANGED", base, "", "", `UNCHANGED <<Fine>>`, "UNCHANGED"},
		{"always", base, "", "", `[](1 = 1)`, "[]"},
		{"eventually", base, "", "", `<>(1 = 1)`, "<>"},
		{"leadsto", base, "", "", `(1 = 1) ~> (2 = 2)`, "~>"},
		{"cdot", base, "", "", `(1 = 1) \cdot (2 = 2)`, `\cdot`},
		{"box action", base, "", "", `[Fine = 1]_Fine`, "["},
		{"WF", base, "", "", `WF_Fine(Fine = 1)`, "WF_"},
		{"decimal", "Naturals, Reals", "", "", `1.5`, "1.5"},
		{"slash", "Naturals, Reals", "", "", `1 / 2`, "/"},
		{"Real", "Naturals, Reals", "", "", `1 \in Real`, "Real"},
		{"Infinity", "Naturals, Reals", "", "", `Infinity`, "Infinity"},
		{"unbounded CHOOSE", base, "", "", `CHOOSE x : x = 1`, "CHOOSE"},
		{"unbounded forall", base, "", "", `\A x : x = 1`, `\A`},
		{"unbounded exists", base, "", "", `\E x : x = 1`, `\E`},
		{"temporal forall", base, "", "", `\AA x : x = 1`, `\AA`},
		{"M!Op", base, "I == INSTANCE Sequences", "", `I!Len(<<>>)`, "I!Len"},
		{"community module", base + ", SequencesExt", "", "", `Reverse(<<1>>)`, "Reverse"},
		{"too large", base, "", "", `3000000000`, "3000000000"},
		{"through definitions", base, "", "    B == 1 \\in Nat\n    C == B", `C`, "Nat\n"},
		{"module prefix", base, "Pre == SUBSET Nat", "", `Pre`, "Nat\n"},
		{"recursive function used bare", base, "", "    F[n \\in 0..2] == IF n = 0 THEN Cardinality(DOMAIN F) ELSE F[n - 1]", `F[1]`, "F)"},
		{"dependent binder", base, "", "", `{<<x, y>> : x \in 1..3, y \in 1..x}`, "y \\in"},
		{"temporal exists", base, "", "", `\EE x : x = 1`, `\EE`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := errSpec(c.extends, c.prefix, c.define, c.expr)
			_, err := generate(t, "e.tla", src)
			var list check.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("got %v, want an UnsupportedOperationError", err)
			}
			e := list[0]
			if e.Kind != check.UnsupportedOperationError {
				t.Fatalf("got %v", err)
			}
			// the reported construct: in the archetype, or in the definition that holds it
			from := strings.Index(src, "l:")
			if strings.Contains(c.define, strings.TrimSpace(c.at)) || strings.Contains(c.prefix, strings.TrimSpace(c.at)) {
				from = strings.Index(src, "\n(* --mpcal")
				if c.prefix != "" {
					from = strings.Index(src, "\n"+c.prefix)
				}
			}
			off := from + strings.Index(src[from:], c.at)
			want := position(t, src, src[off:off+len(c.at)], strings.Count(src[:off], src[off:off+len(c.at)])+1)
			if got := fmt.Sprintf("%d:%d", e.Position.Line, e.Position.Column); got != want {
				t.Errorf("reported at %s, want %s: %v", got, want, e)
			}
			if !strings.Contains(e.Error(), "e.tla:") || !strings.Contains(e.Error(), "UnsupportedOperationError: ") {
				t.Errorf("message %q is not file:line:col: UnsupportedOperationError: ...", e.Error())
			}
		})
	}
}

// An unsupported construct in an unreachable definition is skipped silently, and so is
// every definition that depends on one.
func TestUnsupportedUnreachable(t *testing.T) {
	src := errSpec("Naturals, Sequences, TLC", "TypeOK == 1 \\in Nat\nLive == [](TypeOK)\nUsesBad == TypeOK /\\ TRUE",
		"    Strs == STRING\n    Ok == Fine + 1", "Fine")
	code, err := generate(t, "e.tla", src)
	if err != nil {
		t.Fatal(err)
	}
	s := string(code)
	for _, skipped := range []string{"func TypeOK", "func Live", "func UsesBad", "func Strs"} {
		if strings.Contains(s, skipped) {
			t.Errorf("%s emitted", skipped)
		}
	}
	for _, kept := range []string{"func Fine(", "func Ok("} {
		if !strings.Contains(s, kept) {
			t.Errorf("%s missing", kept)
		}
	}
}

// Operators of a non-standard module the spec extends are not compiled.
func TestUnsupportedExtendedModule(t *testing.T) {
	dir := t.TempDir()
	other := "---- MODULE Other ----\nEXTENDS Naturals\nOp == 41 + 1\n====\n"
	if err := os.WriteFile(filepath.Join(dir, "Other.tla"), []byte(other), 0o644); err != nil {
		t.Fatal(err)
	}
	src := errSpec("Naturals, Other", "", "", "Op")
	path := filepath.Join(dir, "e.tla")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := GenerateFile(path, nil, Options{})
	var list check.ErrorList
	if !errors.As(err, &list) || len(list) != 1 || list[0].Kind != check.UnsupportedOperationError {
		t.Fatalf("got %v", err)
	}
	if want := position(t, src, "Op;", 1); fmt.Sprintf("%d:%d", list[0].Position.Line, list[0].Position.Column) != want {
		t.Errorf("at %v, want %s", list[0].Position, want)
	}
}

// Semantic errors found by lang/check are reported, sorted by position; nothing is generated.
func TestCheckErrors(t *testing.T) {
	src := `---- MODULE e ----
EXTENDS Naturals
(* --mpcal e {
  archetype A(ref out) {
  l:
    out := unknown1;
  m:
    out := unknown2;
    goto nowhere;
  }
}
\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION
====
`
	code, err := generate(t, "e.tla", src)
	if code != nil {
		t.Error("code generated despite errors")
	}
	var list check.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("got %v", err)
	}
	var kinds []string
	for i, e := range list {
		kinds = append(kinds, fmt.Sprintf("%d:%d %s", e.Position.Line, e.Position.Column, e.Kind))
		if i > 0 && e.Position.Line < list[i-1].Position.Line {
			t.Errorf("errors not sorted: %v", list)
		}
	}
	want := "6:12 DefinitionLookupError, 8:12 DefinitionLookupError, 9:10 LabelNotDefinedError"
	if strings.Join(kinds, ", ") != want {
		t.Errorf("errors %s, want %s", strings.Join(kinds, ", "), want)
	}
}

// Plain PlusCal and files without an algorithm are rejected with a message, not a panic.
func TestNotMPCal(t *testing.T) {
	for _, src := range []string{
		"---- MODULE p ----\nEXTENDS Naturals\n(* --algorithm p { variables x = 0; { l: x := 1; } } *)\n\\* BEGIN TRANSLATION\n\\* END TRANSLATION\n====\n",
		"---- MODULE p ----\nEXTENDS Naturals\nX == 1\n====\n",
		"",
	} {
		if _, err := generate(t, "p.tla", src); err == nil {
			t.Errorf("no error for %q", src)
		}
	}
}
