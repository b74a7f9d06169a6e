---- MODULE parse_error ----
EXTENDS Naturals
A == B + 1
B == 2
Foo == Foo
Bar == Undefined
(* --mpcal parse_error {
  archetype A() {
    l: x := ;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 3:6 ParseError
\* want: 5:8 ParseError
\* want: 6:8 ParseError
\* want: 9:13 ParseError
