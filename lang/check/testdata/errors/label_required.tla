---- MODULE label_required ----
EXTENDS Naturals
(* --mpcal label_required {
  procedure P(ref r) {
    p1: r := 1;
        return;
        r := 2;
  }
  procedure Q(ref r) {
    q: if (r > 0) { call P(ref r); };
       return;
  }
  archetype First(ref x) {
    x := 1;
  }
  archetype AfterCall(ref x) {
    a: call P(ref x);
       x := 1;
    b: call P(ref x);
       goto b;
    c: goto a;
       x := 2;
  }
  archetype AfterTail(ref x) {
    a: if (x > 0) { call P(ref x); } else { skip; };
       x := 1;
    b: either { x := 1; } or { goto a; };
       x := 2;
    c: if (x > 0) { d: x := 1; };
       x := 3;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 7:9 LabelRequiredError
\* want: 11:8 LabelRequiredError
\* want: 14:5 LabelRequiredError
\* want: 18:8 LabelRequiredError
\* want: 22:8 LabelRequiredError
\* want: 26:8 LabelRequiredError
\* want: 28:8 LabelRequiredError
\* want: 30:8 LabelRequiredError
