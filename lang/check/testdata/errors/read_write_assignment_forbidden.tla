---- MODULE read_write_assignment_forbidden ----
(* --mpcal read_write_assignment_forbidden {
  archetype A(ref x, ref y[_], z) variables loc = <<1, 2>>; {
    a: x[1] := 2;
    b: y[1][2] := 3;
    c: y.f := 4;
    d: loc[1] := 5;
       z[1] := 6;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 4:8 MPCalReadWriteAssignmentForbidden
\* want: 5:8 MPCalReadWriteAssignmentForbidden
