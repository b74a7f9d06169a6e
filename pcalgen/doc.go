// Package pcalgen compiles a Modular PlusCal (MPCal) block into a plain PlusCal algorithm,
// writes it into the spec between the "\* BEGIN PLUSCAL TRANSLATION" and
// "\* END PLUSCAL TRANSLATION" lines, and writes the TLA+ translation of that PlusCal
// (package translate) between "\* BEGIN TRANSLATION" and "\* END TRANSLATION"
// (shared/docs/mpcal.md §1.2 and §6; `mpgo pcalgen`).
//
// API: Generate(fset, spec, opts) returns the PlusCal text of a spec loaded with
// check.LoadFile, and the algorithm parsed back from it; Source(filename, src, opts) returns
// the new module text; File(path, opts) rewrites a spec in place, atomically (temporary file
// and rename) and only on success. Consistency is the consistency check on its own. Errors
// are check.ErrorList values printed as "file:line:col: Kind: message".
//
// Pipeline (mpcal.md §6.1):
//
//  1. check.Check with PCalGen on: every static rule of §4 plus PCalTagsError,
//     MPCalEffectivelyNoProcesses and CommentBreakingStringError. Macros are expanded there.
//  2. normalize.Flatten (§6.2), then normalize.DesugarParallel (§5): every right-hand side
//     and left-hand index of a parallel assignment is bound first, and pairs on one root are
//     combined into one EXCEPT unless the root is a ref parameter (which may be mapped in
//     some expansion; its pairs stay separate and step 5 chains them). check.Resolve gives
//     the names of the normalized tree.
//  3. Expansion (expand.go, macro.go), driven by the resolved symbols, so that shadowing
//     cannot confuse it: PlusCal procedures and processes are copied, then each instance
//     becomes a process (§6.3) whose locals are first the expression arguments, then the
//     archetype's locals. Each statement is copied with ref parameters replaced by their
//     targets, value parameters and locals by their output names; reads of mapped variables
//     are replaced by fresh names and the statement is wrapped in the read bodies, first
//     read outermost (§6.4); a with is expanded one binding at a time; an assignment to a
//     mapped variable becomes with (value = rhs) { writeBody }. A call to an MPCal procedure
//     is specialised per signature (procedure, ref targets, mappings) into a PlusCal
//     procedure, reused by recursive calls (§6.5).
//  4. Indexed assignments become whole-variable EXCEPT assignments (writes.go).
//  5. Repeated writes within a section are removed (§6.6): an assignment followed on its
//     path by another to the same variable (counting the variables a call or return assigns
//     implicitly) becomes a with binding, later reads use the binding, and pending values
//     are written back before the jump ending the path. Statements after a with move into
//     it; statements after an if or either are copied into its branches when the section
//     has a repeated write or the branches call a procedure. Nested withs are merged.
//  6. render (§6.8), splice into the file, the consistency check (the new algorithm
//     re-parsed and re-checked with no-multiple-writes), and translate.Source for the TLA+.
//
// Decisions beyond mpcal.md, each forced by what the PlusCal translator and TLC accept:
//
//   - In a single process (N = e) self is replaced by e: the translator writes the identity
//     for self only in its own guards, and TLC rejects a self in the text.
//   - A process local passed by ref to an MPCal procedure becomes a global variable (a
//     function of the identity in a process set), because PlusCal procedures cannot assign
//     process variables. In process sets, a local's initialiser that reads an earlier local
//     uses that local's initial expression, because the translation evaluates initialisers
//     without [self].
//   - A local of a specialised procedure whose initialiser reads a parameter or local is
//     assigned at the start of the procedure's first section instead (the translation would
//     evaluate the initialiser without [self]).
//   - Binders of expanded code (with names, quantifier variables) that would capture or
//     shadow a state variable of the output are renamed.
//
// Fresh names come from the Namer that lang/check seeds with every identifier of the module
// and block, so they never capture a user name and are the same on every run: a second run
// on the output file changes nothing.
package pcalgen
