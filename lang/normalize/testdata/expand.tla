\* Macro expansion with free variables (mpcal.md §4.1): free names bind at the call site,
\* with names get fresh names, binders that would capture an argument are renamed.
---- MODULE expand ----
EXTENDS Naturals
(* --mpcal expand {
  macro Add(v, d) { with (t = d) { v := v + t + step; }; }
  macro Twice(a) { Add(a, 1); Add(a, t); }
  macro Exists(s) { await \E t \in s : t > step; }
  archetype A(ref x, step) variables t = 0; {
    l1: Twice(x);
    l2: Add(t, x);
    l3: with (step = 2) { Add(x, step); };
    l4: Exists({t, x});
  }
}
*)
\* BEGIN TRANSLATION
====
