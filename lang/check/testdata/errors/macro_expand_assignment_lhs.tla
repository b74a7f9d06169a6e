---- MODULE macro_expand_assignment_lhs ----
EXTENDS Naturals
(* --mpcal macro_expand_assignment_lhs {
  macro Set(v, e) { v := e; }
  archetype A(ref x) {
    l: Set(x + 1, 2);
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 6:12 MacroExpandAssignmentLhsError
