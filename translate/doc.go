// Package translate turns a PlusCal algorithm into its TLA+ translation, following the
// scheme of the standard PlusCal translator (pcal.trans) closely enough to reproduce its
// output byte for byte, checksums included (shared/docs/pluscal-translation.md is the
// reference; every rule cited in comments refers to its sections).
//
// API:
//
//   - File(path, opts) translates a module in place (`mpgo translate`); on error the file is
//     untouched, and the new text replaces it atomically (temporary file and rename).
//   - Source(filename, src, opts) returns the new module text.
//   - Algorithm(fset, alg, src, opts) translates a parsed algorithm and returns the lines of
//     the translation and the two checksums. With src nil (a tree built by a program, as
//     pcalgen does) expressions are printed with lang/printer instead of being copied.
//
// Errors are token.ErrorList values, "file:line:col: message", at the places and with the
// wording of the standard translator's messages (§17).
//
// Design. The translation is computed on the translator's own tree (pcal.go), which mirrors
// the standard translator's rather than lang/ast, because its rules and its chksum(pcal)
// are defined on that tree. The stages are those of pcal.trans:
//
//  1. build (build.go, labels.go): lang/ast to the tree; macros are expanded where they are
//     defined (so a macro can use only earlier ones); the label rules of §12 are enforced,
//     or labels are added (uniprocess algorithms without labels, -label); statements are
//     grouped into labeled sequences, with labelIf/labelEither for branches holding labels
//     and callReturn/callGoto for a call followed by return or goto.
//  2. fixIDs (fixids.go): declaration errors, then renaming of clashing labels and
//     variables (§13), and the per-process lists used for fairness.
//  3. explode (explode.go): each labeled statement becomes a step ending with its pc
//     assignment; while becomes IF; call, return and goto become assignments to pc, stack
//     and procedure variables. Like pcal.trans it updates if/either/with branches in place.
//  4. gen (gen.go, genspec.go): the TLA+ text, with the layout rules of §15.
//  5. chksum(pcal) is the CRC-32 of the tree's rendering after stages 3 and 4
//     (aststring.go reproduces AST.toString, indentation quirks included); chksum(tla) that
//     of the translation's lines.
//
// Expressions are kept as lines of tokens with their columns (texpr.go), as pcal.trans keeps
// them: the user's spacing survives, multi-line expressions keep their relative layout,
// and substitutions (macro arguments, primes, [self]) shift the tokens after them.
package translate
