---- MODULE exprs ----
\* Every expression form gogen compiles (PGo's ExprTests and more). Most operators are
\* unreachable from the archetype: tests call them through a context without archetype.
EXTENDS Naturals, Integers, Sequences, TLC, FiniteSets, Bags
CONSTANTS N, MK(_, _)

RECURSIVE Sum(_)
Sum(S) == IF S = {} THEN 0 ELSE LET x == CHOOSE y \in S : TRUE IN x + Sum(S \ {x})

a \prec b == a < b
Apply2(F(_, _), x, y) == F(x, y)
Twice(F(_), x) == F(F(x))
Inc(x) == x + 1

\* Unreachable and unsupported: skipped silently.
TypeOK == N \in Nat
Later == [](N > 0)

(* --mpcal exprs {
  define {
    Arith == <<1 + 2, 7 - 10, 3 * 4, 2 ^ 10, 7 \div 2, -7 \div 2, 7 % 3, -7 % 2, -(3)>>
    ModNeg == 82 % -39
    PowOverflow == 48 ^ 37
    Compare == <<1 < 2, 2 <= 2, 3 > 4, 4 >= 5, 1 = 1, 1 # 2, 1 /= 1>>
    Logic == <<TRUE /\ FALSE, TRUE \/ FALSE, FALSE => TRUE, ~TRUE, TRUE <=> FALSE>>
    \* the right operands would fail if evaluated: /\ \/ => short-circuit
    ShortCircuit == <<FALSE /\ (1 \div 0 = 1), TRUE \/ (1 \div 0 = 1), FALSE => (1 \div 0 = 1)>>
    Junctions == /\ 1 < 2
                 /\ \/ FALSE
                    \/ 2 < 3
    Sets == <<{1, 2} \cup {3}, {1, 2} \cap {2, 3}, {1, 2, 3} \ {2}, 2 \in {1, 2}, 3 \notin {1, 2},
              {1} \subseteq {1, 2}, 1..4, 3..1, SUBSET {1, 2}, UNION {{1}, {2, 3}}, Cardinality({4, 5})>>
    Filter == {x \in 1..10 : x % 2 = 0}
    MapSet == {x * x : x \in 1..4}
    MapMap == {{x + y : x \in 1..2} : y \in 1..2}
    TupleMap == {a + b : <<a, b>> \in {<<1, 2>>, <<3, 4>>}}
    MultiMap == {<<a, b>> : a \in 1..2, b \in {"x"}}
    Quants == <<\A x \in 1..3 : x > 0, \E x \in 1..3 : x > 2, \A x, y \in 1..3 : x + y > 1,
                \E <<a, b>> \in {<<1, 2>>} : a < b, \E x \in {} : TRUE, \A x \in {} : FALSE,
                \E x \in 1..3, y \in x..3 : x + y = 6>>
    Choose == CHOOSE x \in 1..10 : x * x > 20
    ChooseTuple == CHOOSE <<a, b>> \in {<<1, 1>>, <<2, 3>>} : a # b
    ChooseNone == CHOOSE x \in 1..3 : x > 5
    Func == [x \in 1..3 |-> x * 10]
    Func2 == [x \in 1..2, y \in {"a", "b"} |-> <<x, y>>]
    FuncApp == <<Func[2], Func2[1, "b"], Func2[<<2, "a">>]>>
    FuncSet == [{1, 2} -> {"a"}]
    Record == [a |-> 1, b |-> "two"]
    RecordField == Record.b
    RecordSet == [a : {1, 2}, b : {"x"}]
    Except == [Func EXCEPT ![1] = @ + 1, ![3] = 0]
    ExceptNested == [[a |-> [b |-> 1]] EXCEPT !.a.b = @ * 5, !["a"]["b"] = @ + 1]
    ExceptPath2 == [Func2 EXCEPT ![1, "a"] = "changed"]
    ExceptOutside == [Func EXCEPT ![7] = 0]
    Seqs == <<Len(<<1, 2>>), Append(<<1>>, 2), <<1>> \o <<2, 3>>, Head(<<4, 5>>), Tail(<<4, 5>>),
              SubSeq(<<1, 2, 3, 4>>, 2, 3), SubSeq(<<1>>, 3, 2)>>
    SubSeqBad == SubSeq(<<1, 2>>, 2, 5)
    SeqMember == <<<<1, 2>> \in Seq({1, 2}), <<3>> \in Seq({1, 2})>>
    Cross == {1, 2} \X {"a"} \X {TRUE}
    If == IF N > 2 THEN "big" ELSE "small"
    Case(x) == CASE x = 1 -> "one" [] x = 2 -> "two" [] OTHER -> "many"
    CaseNoOther(x) == CASE x = 1 -> "one" [] x = 2 -> "two"
    CaseNested(x) == CASE x = 1 -> (CASE x = 2 -> "a" [] OTHER -> "b") [] OTHER -> "c"
    Let == LET a == 1
               f(x) == x + a
               unused == 1 \div 0
           IN f(10)
    LetRec == LET RECURSIVE fact(_)
                  fact(n) == IF n = 0 THEN 1 ELSE n * fact(n - 1)
              IN fact(5)
    LetFunc == LET sq[x \in 1..4] == x * x IN sq[3]
    RecFunc[n \in 0..10] == IF n = 0 THEN 0 ELSE n + RecFunc[n - 1]
    Fib == LET fib[n \in 0..15] == IF n < 2 THEN n ELSE fib[n - 1] + fib[n - 2] IN fib[15]
    Strings == <<ToString("foo"), ToString(<<>>), ToString({1}), ToString([a |-> 1]), ToString(1 :> 0), ToString(<<1, "x">>)>>
    TLCOps == <<(1 :> "a") @@ (2 :> "b"), (1 :> "a") @@ (1 :> "b"), DOMAIN [a |-> 1, b |-> 2]>>
    Perms == Permutations({1, 2, 3})
    Sorted == SortSeq(<<3, 1, 2>>, LAMBDA x, y : x > y)
    SortedOp == SortSeq(<<3, 1, 2>>, <)
    Selected == SelectSeq(<<1, 2, 3, 4>>, LAMBDA x : x % 2 = 0)
    Bags == <<SetToBag({1, 2}) (+) SetToBag({2}), BagToSet(SetToBag({3})), BagIn(1, SetToBag({1})),
              CopiesIn(2, SetToBag({2}) (+) SetToBag({2})), (SetToBag({1, 2}) (+) SetToBag({2})) (-) SetToBag({2}),
              BagCardinality(SetToBag({1, 2}) (+) SetToBag({2})), IsABag(SetToBag({1})), EmptyBag,
              SetToBag({1}) \sqsubseteq SetToBag({1, 2}), BagUnion({SetToBag({1}), SetToBag({1})}),
              Cardinality(SubBag(SetToBag({1, 2}))), BagOfAll(Inc, SetToBag({1, 2}))>>
    HigherOrder == <<Apply2(+, 2, 3), Apply2(LAMBDA p, q : p * q, 2, 3), Twice(Inc, 1), Twice(LAMBDA v : v * 2, 3),
                     Apply2(MK, 1, 2), Apply2(\prec, 1, 2), 1 \prec 2>>
    Constants == <<N, MK(3, 4)>>
    Recursive == Sum({1, 2, 3, 4})
    Default == defaultInitValue
    Assertion == Assert(1 = 2, "boom")
    Bools == <<BOOLEAN, TRUE, FALSE>>
    Numbers == <<\b101, \o17, \hFF, 2147483647>>
    StrEscapes == "a\"b\\c\td"
    Percent == "100%"
    \* unreachable and unsupported: skipped
    Strs == STRING
    Infinite == Nat
  }

  archetype AUser(ref out) {
  l1:
    out := <<Arith, Filter, If>>;
  }
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION
====
