\* flags: pcalgen
---- MODULE pcalgen_empty_block ----
(* --mpcal pcalgen_empty_block { }

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
====
\* want: 3:12 MPCalEffectivelyNoProcesses
