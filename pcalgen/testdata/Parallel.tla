\* Parallel assignment (mpcal.md §5): pre-state evaluation, pairs on one root combined,
\* on locals, globals and (unmapped and mapped) ref parameters.
---- MODULE Parallel ----
EXTENDS Naturals, Sequences, TLC

(* --mpcal Parallel {
  mapping macro Plus10 {
    read { yield $variable; }
    write { yield $value + 10; }
  }

  archetype Swapper(ref x, ref y, ref f[_], ref m)
    variables a = 1, b = 2, g = <<0, 0>>, r = [k |-> 0, l |-> 5], i = 1;
  {
    swap:   x := y || y := x;
    chk1:   assert x = 20 /\ y = 10;
    pair:   g[1] := a || g[2] := b;
    chk2:   assert g = <<1, 2>>;
    whole:  g := <<a, b>> || g[1] := 7;
    chk3:   assert g = <<7, 2>>;
    lswap:  a := b || b := a;
    chk4:   assert a = 2 /\ b = 1;
    idx:    g[i] := i + 10 || i := 2 || g[i + 1] := 30;
    chk5:   assert g = <<11, 30>> /\ i = 2;
    field:  r.k := r.l || r.l := r.k;
    chk6:   assert r = [k |-> 5, l |-> 0];
    refidx: f[1] := f[2] || f[2] := f[1];
    chk7:   assert f[1] = 200 /\ f[2] = 100;
    refdup: f[1] := 1 || f[2] := f[1] + 8;
    chk8:   assert f[1] = 1 /\ f[2] = 208;
    mapped: m := x || x := m;
    chk9:   assert m = 30 /\ x = 5;
  }

  variables gx = 10, gy = 20, gf = <<100, 200>>, gm = 5;

  process (S = 1) == instance Swapper(ref gx, ref gy, ref gf[_], ref gm)
    mapping gm via Plus10;

  process (P = 2)
    variables u = 1, v = 2, w = <<0, 0, 0>>;
  {
    p1: u := v || v := u;
        w[u] := u || w[v] := v;
    p2: assert u = 2 /\ v = 1 /\ w = <<1, 2, 0>>;
  }
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION

Done_ == \A p \in {1, 2} : pc[p] = "Done"
Final == Done_ => (gx = 5 /\ gy = 10 /\ gf = <<1, 208>> /\ gm = 30)
====
