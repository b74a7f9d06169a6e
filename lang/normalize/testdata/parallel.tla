\* Parallel assignment (mpcal.md §5): every right-hand side and left-hand index is bound in
\* the pre-state, then the pairs are assigned in order.
---- MODULE parallel ----
EXTENDS Naturals
(* --mpcal parallel {
  archetype A(ref x, ref y, ref f[_]) variables a = 1, b = 2, g = <<0, 0>>, r = [k |-> 0]; {
    swap: x := y || y := x;
    pair: g[1] := a || g[2] := b;
    whole: g := <<a, b>> || g[1] := b;
    idx: g[a] := b || a := 2 || g[a + 1] := 3;
    field: r.k := x || x := r.k;
    mapped: f[x] := y || f[y] := x;
  }
}
*)
\* BEGIN TRANSLATION
====
