\* Label flattening (mpcal.md §6.2, §8 item 2).
---- MODULE flatten ----
EXTENDS Naturals
(* --mpcal flatten {
  procedure P(ref r) {
    p1: r := r + 1;
        if (r > 3) { return; } else { r := 0; };
    p2: call P(ref r);
        return;
  }
  archetype A(ref x, ref y) {
    loop: while (x < 10) {
            x := x + 1;
            if (x = 5) { inner: y := x; } else { skip; };
            again: y := y + 1;
          };
          y := 0;
    afterLoop: if (x > 0) { pos: x := 1; } else { x := 2; };
    br: either { call P(ref x); } or { skip; } or { goto loop; };
    lone: call P(ref y);
    tail: call P(ref x);
          goto loop;
    w: with (v \in {1, 2}) { x := v; };
    nest: while (y > 0) {
            deeper: while (x > 0) {
              x := x - 1;
            };
            y := y - 1;
          };
    last: skip;
  }
}
*)
\* BEGIN TRANSLATION
====
