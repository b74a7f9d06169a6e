---- MODULE no_extends ----
CONSTANT Nodes
----
Same(a, b) == a = b
----
(* --mpcal no_extends {
  archetype A(ref flag) {
    a: await flag = TRUE;
       flag := FALSE;
  }
  variables f = TRUE;
  fair process (I \in Nodes) == instance A(ref f);
  process (Nil = "nil") {
    n: f := Same(f, f) /\ "(not a comment)" \in {"(not a comment)"};
  }
}
*)
\* BEGIN TRANSLATION
====
