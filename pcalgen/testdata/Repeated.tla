\* Repeated writes in one section (mpcal.md §6.6, §8 item 8): several indexed and .field
\* writes to a local, writes inside if and either branches, a global written twice, a
\* mapped variable written twice, a parallel assignment after a write to one of its roots.
---- MODULE Repeated ----
EXTENDS Naturals, Sequences, TLC

(* --mpcal Repeated {
  mapping macro Plus10 {
    read { yield $variable; }
    write { yield $value + 10; }
  }

  archetype R(ref g, ref h[_], ref m)
    variables loc = <<0, 0, 0>>, rec = [a |-> 0, b |-> 0], t = 0;
  {
  r1: loc[1] := 1;
      loc[2] := loc[1] + 1;
      rec.a := 5;
      rec.b := rec.a + 1;
      g := g + 1;
      g := g * 10;
      t := g;
  r2: if (t > 5) { loc[3] := 3; t := t + 1; } else { loc[3] := 4; };
      loc[1] := loc[3] + t;
      either { g := g + 1; } or { g := g + 2; h[1] := 7; };
      g := g + 100;
      h[2] := g;
  r3: assert loc = <<14, 2, 3>> /\ rec = [a |-> 5, b |-> 6] /\ t = 11;
      m := 1;
      m := m + 1;
  r4: t := 0;
      t := t + 1 || loc[1] := t;
      assert t = 1 /\ loc[1] = 0;
  }

  variables gg = 0, gh = <<0, 0>>, gm = 0;

  process (P = 1) == instance R(ref gg, ref gh[_], ref gm)
    mapping gm via Plus10;
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION

Final == pc[1] = "Done" => /\ gg \in {111, 112}
                           /\ gh[2] = gg
                           /\ (gh[1] = 7) = (gg = 112)
                           /\ gm = 22
====
