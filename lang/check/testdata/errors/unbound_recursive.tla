---- MODULE unbound_recursive ----
EXTENDS Naturals
RECURSIVE Fact(_), Never(_)
Fact(n) == IF n = 0 THEN 1 ELSE n * Fact(n - 1)
(* --mpcal unbound_recursive {
  define {
    RECURSIVE Inner(_)
    Ok == Fact(3)
  }
  archetype A() {
    l: print LET RECURSIVE G(_) IN 1;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 3:20 UnboundRecursiveDeclError
\* want: 7:15 UnboundRecursiveDeclError
\* want: 11:28 UnboundRecursiveDeclError
