\* §8 item 7: a module without EXTENDS, separator lines between units, strings with
\* parentheses, a process named Nil.
---- MODULE NoExtends ----
----
Str == "(paren) [x] {y}"
----
Other == <<Str, "b)">>
(* --mpcal NoExtends {
  archetype Echo(ref out)
  {
  e1: out := Str;
  e2: out := <<out, "a (b) c", Other>>;
  }

  variables s = "";

  process (Nil = 1) == instance Echo(ref s);
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION

Final == pc[1] = "Done" => s = <<"(paren) [x] {y}", "a (b) c", <<"(paren) [x] {y}", "b)">>>>
====
