---- MODULE pluscal_bleed ----
EXTENDS Naturals, Sequences
(* --algorithm pluscal_bleed
variables total = 0;
define
  Total == total + Len(<<>>)
end define;
procedure Add(amount)
variables before = 0;
begin
  a1: before := total;
      total := before + amount + bonus;
      return;
end procedure;
process Worker \in 1..2
variables bonus = 1;
begin
  w1: call Add(self);
  w2: if pc[self] = "w2" then bonus := before; end if;
end process;
end algorithm *)
\* BEGIN TRANSLATION
====
