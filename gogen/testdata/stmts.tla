---- MODULE stmts ----
\* Statements: sequential with bindings, parallel assignment through locals and resources,
\* indexed and field writes, if/either/await, goto, print and assert.
EXTENDS Naturals, Sequences, TLC

(* --mpcal stmts {
  archetype AStmts(ref out, ref a, ref b)
    variables x = 1, y = 2, r = [f |-> 0, g |-> <<1, 2>>], log = <<>>, pick \in {3, 1, 2}, me = <<self>>;
  {
  seq:
    with (p = 42, q = p + 1) {
      out := <<p, q, pick, me>>;
    };
  swap:
    x := y || y := x;
    a := b || b := a;
  swapped:
    out := <<x, y, a, b>>;
    out := SelectSeq(<<1, 2, 5, 10>>, LAMBDA e : e > x);
  fields:
    r.f := 5;
    r.g[2] := 7;
    r["g"][1] := r.g[2] + 1;
    out := r;
  branches:
    if (x > 1) {
      log := Append(log, "then");
    } else {
      log := Append(log, "else");
    };
    if (x > 5) {
      log := Append(log, "no");
    };
    either {
      log := Append(log, "either");
    } or {
      await FALSE;
      log := Append(log, "never");
    };
    skip;
    out := log;
  jump:
    if (TRUE) {
      goto last;
    } else {
      goto seq;
    };
  last:
    print <<"printed", x>>;
    assert x = 1 /\ "%d" # "";
  }

  archetype ATypeError(ref out) {
  l:
    out := 1 + "a";
  }
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION
====
