-------------------------------- MODULE cycle --------------------------------
(* A counter warms up once, then cycles through 0, 1, 2 under weak fairness
   of the whole next-state relation.  cycle.cfg checks properties that hold:
   []<>, <>[], <><<A>>_v, ENABLED in a property, [][A]_v nested under [].  cycle_never_zero.cfg (<>[]) and cycle_warm.cfg ([]<> of
   ENABLED) are violated by a lasso that loops back; without fairness
   (SpecNoFair) <>P and <><<A>>_v are violated by stuttering in the initial
   state (cycle_nofair.cfg, cycle_nofair_tick.cfg). *)
EXTENDS Naturals

VARIABLES x, mode

vars == <<x, mode>>

Init == x = 0 /\ mode = "warm"

Warmup == /\ mode = "warm"
          /\ mode' = "steady"
          /\ UNCHANGED x

Tick == /\ mode = "steady"
        /\ x' = (x + 1) % 3
        /\ UNCHANGED mode

Next == Warmup \/ Tick

Spec == Init /\ [][Next]_vars /\ WF_vars(Next)

SpecNoFair == Init /\ [][Next]_vars

InfinitelyOftenZero == []<>(x = 0)
EventuallySteady == <>[](mode = "steady")
TickHappens == <><<Tick>>_x
WarmupDisabled == <>[](~ENABLED Warmup)
TickWhenSteady == [](mode = "steady" => ENABLED Tick)
SteadyForever == [](mode = "steady" => [][mode' = mode]_vars)
ReachSteady == <>(mode = "steady")

EventuallyNeverZero == <>[](x # 0)
InfinitelyOftenWarm == []<>(ENABLED Warmup)
=============================================================================
