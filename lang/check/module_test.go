package check_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/token"
)

// TestExtendsLocalModule resolves names through a module file beside the spec: its
// non-LOCAL definitions and constants, what it extends, and what it instantiates without a
// name; LOCAL definitions stay hidden.
func TestExtendsLocalModule(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("LocalDefs.tla", `---- MODULE LocalDefs ----
EXTENDS Naturals
CONSTANT K
INSTANCE Sequences
Double(x) == 2 * x
LOCAL Hidden == 3
====
`)
	spec := write("Spec.tla", `---- MODULE Spec ----
EXTENDS LocalDefs, TLC
Q == Double(K) + Len(<<1>>) + Hidden
(* --mpcal Spec {
  archetype A(ref x) {
    a: x := ToString(Double(x)) \o Append(<<>>, K);
  }
}
*)
\* BEGIN TRANSLATION
====
`)
	fset := token.NewFileSet()
	s, errs := check.LoadFile(fset, spec, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	res, errs := check.Check(fset, s, check.Config{})
	if len(errs) != 1 || errs[0].Kind != check.ParseError || !strings.Contains(errs[0].Msg, "Hidden") {
		t.Fatalf("want one error for Hidden, got %v", errs)
	}
	found := false
	for id, sym := range res.Info.Uses {
		if id.Name == "Double" {
			found = true
			if sym.Kind != check.ModuleDef || sym.Module != "LocalDefs" || sym.Arity != 1 {
				t.Errorf("Double: %+v", sym)
			}
		}
	}
	if !found {
		t.Errorf("Double not resolved")
	}
}

// TestCheckOnEmptySpecs checks specs with nothing in them: no crash, no internal error.
func TestCheckOnEmptySpecs(t *testing.T) {
	for _, spec := range []*check.Spec{nil, {}} {
		if _, errs := check.Check(nil, spec, check.Config{NoMultipleWrites: true, PCalGen: true}); len(errs) > 0 {
			for _, e := range errs {
				if strings.Contains(e.Msg, "internal") {
					t.Errorf("%v", e)
				}
			}
		}
	}
}

func TestNestedModuleInstance(t *testing.T) {
	fset := token.NewFileSet()
	spec, errs := check.LoadFile(fset, "n.tla", []byte(`---- MODULE n ----
EXTENDS Naturals
---- MODULE Inner ----
CONSTANT C
Twice == 2 * C
====
I == INSTANCE Inner WITH C <- 3
X == I!Twice + 1
====
`))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if _, errs := check.Check(fset, spec, check.Config{}); len(errs) > 0 {
		t.Fatal(errs)
	}
}
