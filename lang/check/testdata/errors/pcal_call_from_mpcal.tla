---- MODULE pcal_call_from_mpcal ----
(* --mpcal pcal_call_from_mpcal {
  procedure M(ref r) {
    m: call Plain(1);
       return;
  }
  archetype A(ref x) {
    a: call Plain(x);
       goto Done;
  }
  procedure Plain(v) {
    p: print v;
       return;
  }
  process (Q = 1) {
    q: call Plain(1);
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 4:8 PCalCallFromMPCalError
\* want: 8:8 PCalCallFromMPCalError
