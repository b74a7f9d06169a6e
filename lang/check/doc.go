// Package check performs the static semantic checks of Modular PlusCal and PlusCal
// (mpcal.md §3.3 and §4) and resolves names for the back ends.
//
// LoadFile parses a spec (the module up to "\* BEGIN TRANSLATION" and the algorithm) and
// the modules it extends; Check resolves every name of the module prefix and of the
// algorithm, expands macros (lang/normalize) and checks, on the expanded algorithm:
// scoping (§4.1, including PlusCal's "scope bleed" inside plain PlusCal code only), operator
// arity, labeling rules (§4.2), goto targets, calls and recursion (§4.3), assignments and
// the optional no-multiple-writes rule (§4.4), ref kinds (§4.5), instance mappings (§4.6)
// and the further checks of §4.7. Diagnostics carry the kind names of §4.8 and print as
// "file:line:col: Kind: message", sorted by position.
//
// The Info of a check maps every identifier to what it refers to (builtin, module or
// define-block definition, constant, global, archetype or procedure parameter with its ref
// depth, local, with or quantifier name, self, ...), which gogen and pcalgen consume. Info
// is keyed on the nodes of the expanded algorithm (Result.Expanded); Resolve recomputes it
// for a tree produced by the normalize passes.
//
// Check never panics; an internal failure is reported as a diagnostic.
package check
