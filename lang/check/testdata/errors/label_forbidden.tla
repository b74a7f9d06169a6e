---- MODULE label_forbidden ----
EXTENDS Naturals
(* --mpcal label_forbidden {
  macro InEither(v) { either { v := 1; } or { m1: v := 2; }; }
  macro InWith(v) { with (t = 1) { m2: v := t; }; }
  mapping macro Labeled {
    read { r: yield $variable; }
    write { yield $value; }
  }
  archetype A(ref x) {
    a: with (t = 2) { b: x := t; };
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 4:47 LabelForbiddenError
\* want: 5:36 LabelForbiddenError
\* want: 7:12 LabelForbiddenError
\* want: 11:23 LabelForbiddenError
