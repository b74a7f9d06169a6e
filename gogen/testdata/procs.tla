---- MODULE procs ----
\* MPCal procedures: ref and value parameters, recursion keeping each caller's locals, tail
\* calls, a ref parameter forwarded through nested calls (PGo's ProcedureSpaghetti), a ref to
\* an archetype local (PGo's bug_119), an expression passed to a ref parameter, a parameter
\* named self_, and archetype locals initialised from a value parameter.
EXTENDS Naturals, Sequences, TLC

(* --mpcal procs {
  procedure Rec(ref acc, n)
    variables mine = n;
  {
  r1:
    if (n > 0) {
      call Rec(ref acc, n - 1);
      goto r2;
    } else {
      goto r2;
    };
  r2:
    acc := Append(acc, mine);
    return;
  }

  procedure Count(ref c, k) {
  c1:
    if (k > 0) {
      c := c + k;
      call Count(ref c, k - 1);
      return;
    } else {
      return;
    };
  }

  procedure Outer(ref o[_], self_) {
  o1:
    call Middle(ref o[_], self_ + 1);
    goto o2;
  o2:
    o[self_] := <<"outer", self>>;
    return;
  }

  procedure Middle(ref m[_], v) {
  m1:
    call Inner(ref m[_], v);
    return;
  }

  procedure Inner(ref i[_], w) {
  i1:
    i[w] := "inner";
    return;
  }

  procedure Set(ref target, value)
    variables doubled = value * 2;
  {
  s1:
    target := doubled;
    return;
  }

  procedure Show(ref src, ref dst) {
  sh:
    dst := src;
    return;
  }

  procedure FallOff() {
  f1:
    skip;
  }

  archetype AProcs(ref out, ref table[_], init)
    variables list = <<>>, total = 0, local = init + 1, copy = local * 10;
  {
  a1:
    call Rec(ref list, 3);
    goto a2;
  a2:
    out := list;
    call Count(ref total, 4);
    goto a3;
  a3:
    out := total;
    call Outer(ref table[_], 1);
    goto a4;
  a4:
    out := <<table[1], table[2]>>;
    call Set(ref local, 21);
    goto a5;
  a5:
    out := <<local, copy>>;
    call Set(ref out, 7);
    goto a6;
  a6:
    call Show(40 + 2, ref out);
    goto a7;
  a7:
    call FallOff();
  }
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION
====
