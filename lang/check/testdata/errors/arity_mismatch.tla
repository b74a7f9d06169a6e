---- MODULE arity_mismatch ----
EXTENDS Naturals, Sequences
Op(a) == a + 1
Two == Op(1, 2)
Bare == Op
(* --mpcal arity_mismatch {
  define {
    D(x, y) == x + y
  }
  archetype A(ref r) variables s = <<>>; {
    l: r := D(1);
       s := Append(s);
       r := Len;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 4:8 ArityMismatchError
\* want: 5:9 ArityMismatchError
\* want: 11:13 ArityMismatchError
\* want: 12:13 ArityMismatchError
\* want: 13:13 ArityMismatchError
