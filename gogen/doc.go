// Package gogen compiles Modular PlusCal archetypes, procedures and operator definitions into one Go source file that runs on distsys.
//
// The generated file has the shape PGo generates (mpcal.md §7), so resources, bootstraps
// and tests written against PGo's generated packages carry over: one Go function per
// TLA+ operator definition, one procedure table, one jump table holding every critical
// section, and one distsys.MPCalArchetype value per archetype. The worked example of
// mpcal.md §7.6 is reproduced exactly (TestWorkedExample).
//
// # Pipeline
//
//  1. lang/check loads and checks the spec (mpcal.md §4); its diagnostics are returned
//     sorted and nothing is generated.
//  2. lang/normalize flattens every body into critical sections whose paths all end in an
//     explicit jump (§6.2) and desugars parallel assignments into a `with` binding every
//     right-hand side and left-hand index first, then one write per pair (§5); the result
//     is resolved again with check.Resolve.
//  3. Definitions of the module prefix and the define block are compiled to Go functions
//     (expr.go). Operator parameters of arity n are Go functions of arity n, and operator
//     arguments (names, builtin symbols, LAMBDAs) become closures; IF, CASE and LET are
//     immediately invoked closures; binders use tla's structural helpers; /\ \/ => ~
//     become Go's && || ! and so short-circuit.
//  4. Each critical section is compiled (body.go): a handle per state variable mentioned,
//     in first-mention order; before each statement every resource read of its
//     expressions is performed, once per syntactic occurrence, in evaluation order (a
//     ref p[_]^k access p[i1]...[ik] is one Read with k indices); then the statement
//     itself: Write, await/assert checks, if, either and with x \in S through fairness
//     counters, goto, call/return/tail call.
//  5. Reachability (mpcal.md §7.1): definitions used, directly or through other
//     definitions, by an archetype or MPCal procedure are reachable, and an unsupported
//     construct in them is a positioned UnsupportedOperationError. Unreachable definitions
//     are emitted when they, and everything they use, compile; otherwise they are skipped
//     silently (an invariant over Nat, a temporal property).
//  6. The pieces are formatted with go/format and assembled (format.go). Formatting each
//     declaration and each section separately avoids gofmt's repeated measuring of one
//     huge jump-table literal; the result equals gofmt's output for the whole file.
//
// Go names come from one cleaner per file (names.go), seeded with Go's keywords and
// predeclared names, the imported packages and the fixed names of generated code, so
// every Go name in the file is unique and the same input always gives the same bytes.
//
// Generate never panics: a failure of gogen itself is returned wrapped in ErrInternal.
package gogen
