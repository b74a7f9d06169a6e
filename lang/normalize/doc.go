// Package normalize holds the rewrites of mpcal.md §6.1 step 2 that gogen and pcalgen share:
// macro expansion with free-variable rebinding (ExpandMacros), label flattening (Flatten,
// §6.2) and parallel-assignment desugaring with pre-state evaluation (DesugarParallel, §5),
// plus the deterministic fresh-name generator both back ends use (Namer, §6.7) and the
// numbering of choice points inside a critical section (ChoicePoints, §7.4).
//
// Every pass returns a new tree and leaves its input unchanged. Statement nodes are copied
// where a pass restructures them; expression nodes of user code and the root identifiers of
// assignment targets are shared with the input, except inside expanded macro bodies, which
// are fresh copies per call site. An Info computed by lang/check on the input therefore
// stays valid for every identifier the passes keep; to also cover what they introduce
// (fresh `with` names, synthesized gotos, EXCEPT bases), resolve the output again with
// check.Resolve.
//
// The usual pipeline, on an algorithm that passed lang/check without errors (Check already
// expands macros; its Result carries the expanded algorithm and a Namer seeded with every
// user name):
//
//	res, errs := check.Check(fset, spec, cfg)              // (a) ExpandMacros inside
//	flat, err := normalize.Flatten(res.Expanded)           // (b)
//	out := normalize.DesugarParallel(flat, res.Names, opt) // (c)
//	info, errs := check.Resolve(fset, spec, out)
//	for _, b := range normalize.Bodies(out) { ... b.Sections ... }
//
// The passes never panic; input that violates their preconditions yields an error (Flatten)
// or is left as it was.
package normalize
