---- MODULE indexing ----
\* Indexed access (PGo's IndexingLocals and more): indexed and field writes to locals,
\* ref x[_][_] reads and writes with two indices, net[a, b] on ref net[_] (one tuple index),
\* and further indexing of a value read from a mapped resource.
EXTENDS Naturals, Sequences, TLC

(* --mpcal indexing {
  archetype AIndex(ref grid[_][_], ref net[_], ref out)
    variables m = [i \in 1..2 |-> [j \in 1..2 |-> 0]], r = [a |-> <<1, 2>>], k = 1;
  {
  locals:
    m[1][2] := 5;
    m[2] := [j \in 1..2 |-> j * 10];
    r.a[2] := 20;
    m[k][k] := m[2][2] + r.a[k];
    out := <<m, r, m[1][2] + m[2][2], r.a[2]>>;
  grid2:
    grid[1][2] := 7;
    grid[2][k] := grid[1][2] + 1;
    out := <<grid[1][2], grid[2][1]>>;
  tuples:
    net[1, 2] := [name |-> "pair"];
    net[<<2, 1>>] := net[1, 2];
    out := <<net[2, 1].name, net[<<1, 2>>]["name"]>>;
  nested:
    with (row = k, col = k + 1) {
      out := grid[row][col] + grid[col][row];
    };
  }
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION
====
