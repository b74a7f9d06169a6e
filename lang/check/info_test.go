package check_test

import (
	"testing"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/token"
)

const infoSpec = `---- MODULE info ----
EXTENDS Naturals, Sequences
CONSTANTS N, MK(_, _)
Helper(x) == x + N
(* --mpcal info {
  define {
    Made == MK(1, 2)
  }
  macro Bump(v) { v := v + extra; }
  procedure Proc(ref into[_], k) variables pl = 0; {
    p: into[k] := pl + k;
       return;
  }
  archetype Arch(ref net[_], ref out, val) variables extra = 1; {
    a: with (w = net[self]) {
         out := Helper(w) + Made + Len(<<val>>) + (CHOOSE q \in 1..N : q > 0);
       };
    b: Bump(out);
       call Proc(ref net[_], val);
       goto a;
  }
  variables g = [i \in 1..N |-> 0], h = 0;
  fair process (I \in 1..N) == instance Arch(ref g[_], ref h, I);
  procedure Plain(arg) variables tmp = 0; {
    pp: tmp := arg + bled;
        return;
  }
  process (Q = 0) variables bled = 1; {
    q: call Plain(h);
  }
}
*)
\* BEGIN TRANSLATION
====
`

// TestInfo checks what identifiers resolve to (the Info gogen and pcalgen consume).
func TestInfo(t *testing.T) {
	fset := token.NewFileSet()
	spec, errs := check.LoadFile(fset, "info.tla", []byte(infoSpec))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	res, errs := check.Check(fset, spec, check.Config{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	// every identifier use of a body, by "line:name"
	uses := map[string]*check.Symbol{}
	for id, s := range res.Info.Uses {
		p := fset.Position(id.Pos())
		uses[itoa(p.Line)+":"+id.Name] = s
	}
	type want struct {
		kind   check.SymbolKind
		ref    bool
		depth  int
		module string
		arity  int
	}
	for key, w := range map[string]want{
		"4:+":       {kind: check.Builtin, module: "Naturals", arity: 2},
		"4:N":       {kind: check.Constant},
		"7:MK":      {kind: check.Constant, arity: 2},
		"11:into":   {kind: check.ProcParam, ref: true, depth: 1},
		"11:k":      {kind: check.ProcParam},
		"11:pl":     {kind: check.ProcLocal},
		"15:net":    {kind: check.ArchParam, ref: true, depth: 1},
		"15:self":   {kind: check.Self},
		"16:out":    {kind: check.ArchParam, ref: true},
		"16:Helper": {kind: check.ModuleDef, arity: 1},
		"16:w":      {kind: check.WithVar},
		"16:Made":   {kind: check.DefineDef},
		"16:Len":    {kind: check.Builtin, module: "Sequences", arity: 1},
		"16:val":    {kind: check.ArchParam},
		"16:q":      {kind: check.BoundVar},
		"9:extra":   {kind: check.ArchLocal}, // free variable of Bump, bound at the call
		"19:Proc":   {kind: check.ProcedureName, arity: 2},
		"20:a":      {kind: check.LabelName},
		"23:g":      {kind: check.GlobalVar},
		"23:Arch":   {kind: check.ArchetypeName, arity: 3},
		"23:I":      {kind: check.ProcessName},
		"25:bled":   {kind: check.ProcessLocal}, // PlusCal scope bleed
		"25:arg":    {kind: check.ProcParam},
		"29:Plain":  {kind: check.ProcedureName, arity: 1},
		"29:h":      {kind: check.GlobalVar},
		"22:N":      {kind: check.Constant},
	} {
		if w.kind == 0 {
			continue
		}
		s := uses[key]
		if s == nil {
			t.Errorf("%s: not resolved", key)
			continue
		}
		if s.Kind != w.kind || s.Ref != w.ref || s.Depth != w.depth || s.Module != w.module || s.Arity != w.arity {
			t.Errorf("%s: got %s ref=%v depth=%d module=%q arity=%d, want %s ref=%v depth=%d module=%q arity=%d",
				key, s.Kind, s.Ref, s.Depth, s.Module, s.Arity, w.kind, w.ref, w.depth, w.module, w.arity)
		}
	}
	// a declaration and its uses share one symbol
	var local *check.Symbol
	for id, s := range res.Info.Defs {
		if id.Name == "extra" {
			local = s
		}
	}
	if local == nil || uses["9:extra"] != local {
		t.Errorf("the free variable does not resolve to the archetype local's symbol")
	}
	if !uses["16:out"].IsState() || uses["16:w"].IsState() {
		t.Errorf("IsState")
	}
	// the mapping clauses are resolved; here there are none, so check the goto target
	if d, ok := uses["20:a"].Decl.(*ast.LabeledStmt); !ok || d.Label.Name != "a" {
		t.Errorf("goto target decl: %#v", uses["20:a"].Decl)
	}
	// Resolve on the expanded algorithm gives the same kinds
	info, errs := check.Resolve(fset, spec, res.Expanded)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(info.Uses) != len(res.Info.Uses) {
		t.Errorf("Resolve: %d uses, Check: %d", len(info.Uses), len(res.Info.Uses))
	}
}

func TestMappingInfo(t *testing.T) {
	fset := token.NewFileSet()
	spec, errs := check.LoadFile(fset, "m.tla", []byte(`---- MODULE m ----
(* --mpcal m {
  mapping macro Id { read { yield $variable; } write { yield $value; } }
  archetype A(ref a[_], ref b, c) { l: a[1] := b; }
  variables g = <<1>>, h = 0;
  fair process (P = 1) == instance A(ref g[_], ref h, 3) mapping g[_] via Id mapping @2 via Id;
}
*)
\* BEGIN TRANSLATION
====
`))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	res, errs := check.Check(fset, spec, check.Config{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	in := res.Expanded.Instances[0]
	for i, want := range []int{0, 1} {
		mt := res.Info.Mappings[in.Mappings[i]]
		if mt == nil || mt.Arg != want || mt.Macro == nil || mt.Macro.Name.Name != "Id" {
			t.Errorf("mapping %d: %+v", i, mt)
		}
	}
}
