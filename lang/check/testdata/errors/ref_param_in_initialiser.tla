---- MODULE ref_param_in_initialiser ----
EXTENDS Naturals
(* --mpcal ref_param_in_initialiser {
  archetype A(ref x, ref y[_], v) variables a = x + 1, b = y[self], c = v, d = self; {
    l: x := a + b + c + d;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 4:49 RefParamInInitialiserError
\* want: 4:60 RefParamInInitialiserError
