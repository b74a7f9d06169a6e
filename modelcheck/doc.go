// Package modelcheck is an explicit-state, breadth-first model checker for
// TLA+ specifications that reads TLC configuration files and reports in
// TLC's words (`mpgo check`). It reaches TLC's verdicts and state counts:
// "states generated" counts the initial states and every successor
// computed (self-loops and successors then discarded by a constraint
// included); states violating a CONSTRAINT are neither counted as distinct
// nor explored; the depth is the number of BFS levels.
//
// # Pipeline
//
// Check parses the root module and the user modules it EXTENDS or
// INSTANCEs (Name.tla beside the spec; the standard modules Naturals,
// Integers, Sequences, FiniteSets, Bags, TLC and TLCExt are built in,
// builtins.go), parses the configuration (modelcheck/cfg), compiles the
// module against it (spec.go), evaluates the ASSUMEs, computes the initial
// states and explores breadth first (search.go).
//
// # Compilation
//
// Expressions are compiled once into Go closures over resolved slots
// (compile.go), never interpreted from the syntax tree at run time. A
// compile-time environment (env.go) resolves every name to a state variable
// (an index into the state slice), a frame slot (bound variables,
// parameters), a constant, a definition or a standard operator. Values are
// distsys/tla values and operators, the same implementation of TLA+
// semantics as the runtime.
//
//   - Expressions whose operands are known at compile time are folded
//     (evaluated once), unless they have an effect (Print, TLCSet, ...).
//     Zero-arity definitions of constant level are evaluated once.
//   - Definitions with parameters are compiled once and called by value
//     with a new frame on a per-worker stack (ctx.push), which also serves
//     RECURSIVE operators and recursive functions f[n \in Nat] == ....
//     Parameters that are primed, UNCHANGED or under ENABLED in the body
//     (levels.go, needsName), operator parameters, and definitions of
//     parameterised instances are instead expanded inline with TLA+'s
//     substitution semantics.
//   - LET definitions live in the enclosing frame: zero-arity ones are
//     evaluated lazily and cached until the LET is entered again; LET
//     operators and LET functions save and restore their slots when they
//     are recursive.
//   - INSTANCE M WITH ... builds a module context whose constants and
//     variables are substitutions compiled in the instantiating context;
//     M!Op and M(x)!Op resolve through it.
//   - In \A x, y \in S : P and \E x, y \in S : P, the pure
//     subexpressions of P that do not mention y are evaluated once per x
//     (lazily, hoist.go); S \cap T = {} is a merge that builds no
//     intersection; string constants are shared values, so that comparing
//     them with the values they were copied into is a pointer test.
//
// # Actions
//
// The next-state relation is split as TLC's getActions does (action.go):
// disjunctions, \E over constant sets and applications of definitions to
// constant arguments are expanded at compile time, the bound values
// becoming constants of the action, so that each action is named as TLC
// names it in traces (read(1), Take("c1",2), Next) with its source span.
// Each action compiles to a successor generator in continuation-passing
// style (type step): conjunctions are chained left to right; x' = e binds
// x' when unbound and is a test otherwise; x' \in S, \E and \/ branch;
// UNCHANGED binds; IF, CASE and LET select; definitions of action level are
// expanded inline; any other conjunct is a guard. Init is compiled the same
// way with unprimed variables as the targets. ENABLED A runs A's generator
// until its first successor. An action whose leading conjunct is v[k] = c
// (PlusCal's pc[self] = "label") is skipped without being run when the
// looked-up v[k] differs, each v[k] being looked up once per state.
//
// # Search
//
// A state is a slice of tla.Value in variable declaration order; its
// fingerprint folds the variables' fingerprints (or is the VIEW's; under
// SYMMETRY the least over the permutations of the model values). The
// seen-set (fpset.go) is a sharded open-addressing set of 64-bit
// fingerprints. Per distinct state only its fingerprint and its parent's id
// are kept, in chunked arrays; the BFS queue holds full states, one level
// at a time. Workers share the states of a level in small batches and
// collect the new states of the next level; ids are assigned between
// levels. The first violation found is therefore at the least depth: its
// trace is a shortest one. The trace is rebuilt as TLC does (trace.go),
// replaying Init and the actions from the recorded fingerprints, which
// also recovers each step's action name. Counts are exact whatever the
// number of workers.
//
// Invariants and new states are checked as they are generated; action
// properties [][A]_v on every transition (also to states already seen); a
// deadlock is a state without any successor (constraints do not matter).
//
// # Liveness
//
// Temporal PROPERTIES are checked on the state graph of the complete
// search, as TLC does (livespec.go, ltl.go, liveness.go); the state counts
// stay those of the search. The formula checked is TLC's: the
// specification's fairness and the negation of the conjunction of the
// properties' temporal conjuncts must have no behaviour ([][A]_v and state
// conjuncts of a property are checked during the search as before).
//
//   - Translation (livespec.go). Properties are expanded through
//     definitions, instances, /\ \/ ~ => <=> ~> [] <> IF and \A/\E over
//     constant sets into negation normal form; every maximal subformula
//     without temporal operators becomes an atom: a compiled state
//     predicate (ENABLED included) or action (<<A>>_v, [A]_v, ...). WF_v(A)
//     and SF_v(A) conjuncts of the specification (also under \A over a
//     constant set, as PlusCal writes per-process and per-label fairness)
//     become conditions on components, with the atoms ENABLED <<A>>_v and
//     <<A>>_v; other temporal conjuncts of the specification join the
//     negated properties.
//   - Normal form (ltl.go). The negated formula is rewritten so that []<>p
//     and <>[]p come to the top, put in disjunctive normal form, and each
//     disjunct split into a tableau formula, <>[]p predicates (EA) and
//     []<>p predicates (AE). Disjuncts with the same tableau form a group
//     (TLC's "branches", printed as TLC does). The tableau is a generalized
//     Büchi automaton built with the GPVW construction; its nodes carry
//     literals, action literals constraining the step out of the node.
//   - Recording. During the search each worker evaluates the atoms: state
//     atoms once per state, action atoms on every transition to a state of
//     the model and on the stuttering step every state has. When A of a
//     fairness condition splits into actions of the next-state relation
//     (matched by expression and constant bindings) and v is a tuple of
//     variables, ENABLED <<A>>_v and <<A>>_v are read off the search: a
//     successor produced by one of those actions (before the constraints,
//     which do not restrict ENABLED) that changes v. Only bit sets and
//     target fingerprints are kept; the graph is then built in compressed
//     rows.
//   - Search. For each group the product of the graph with the tableau is
//     numbered breadth first (its BFS tree gives shortest stems); its edges
//     are computed on the fly. For each disjunct, Tarjan's algorithm runs
//     on the product restricted to the EA predicates and to tableau nodes
//     that lie on a cycle meeting every acceptance set. A component is
//     accepted when it has an edge and meets the tableau's acceptance sets,
//     the AE predicates, and every WF condition (a state where <<A>>_v is
//     disabled or an <<A>>_v step); an SF condition enabled somewhere in it
//     but never taken is met by dropping the states where it is enabled and
//     examining the components of the rest (Streett emptiness).
//   - Counterexample. The lasso is the shortest stem to the component's
//     first node in BFS order, then a cycle through it that meets every
//     obligation (repeated breadth-first searches within the component).
//     Projected on states, with the tableau's stuttering steps dropped, it
//     prints as TLC's: the states, then "Back to state k: <action>", or
//     "State n: Stuttering" when the cycle is one state repeating. The exit
//     status is 13, the result "property violated" (TLC names no property)
//     with traceLength and traceLoop.
//
// Options.IgnoreTemporal (mpgo check -ignore-temporal) checks the safety
// part only. Options.RecordGraph returns the state graph (Result.Graph).
//
// # Output and exit status
//
// Messages follow TLC's wording (check.go): the start banner, Progress
// lines, "N states generated, M distinct states found, K states left on
// queue.", "The depth of the complete state graph search is D.", error
// traces with "State k: <Action line L, col C to line L2, col C2 of module
// M>" and the variables in TLC's value format. Exit statuses are TLC's: 0,
// 10 (assumption), 11 (deadlock), 12 (safety), 13 (liveness and action
// properties), 14 (assert), 75 (evaluation error), 150 (parse error), 151
// (configuration error), 255 (other).
package modelcheck
