\* An empty block is fine for the checks and gogen; pcalgen reports
\* MPCalEffectivelyNoProcesses (errors/pcalgen_empty_block.tla).
---- MODULE empty_block ----
(* --mpcal empty_block { }
*)
\* BEGIN TRANSLATION
====
