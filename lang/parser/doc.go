// Package parser reads TLA+ modules and the PlusCal or Modular PlusCal algorithm inside them
// into lang/ast trees, reporting positioned errors.
//
// Entry points:
//
//   - ParseModule parses a whole module, or (StopAtTranslation) only up to the
//     "\* BEGIN TRANSLATION" line, as MPCal compilation does (mpcal.md §1.1).
//   - ParseAlgorithm finds and parses the algorithm: the --mpcal block (found as in
//     mpcal.md §1.1 rule 3) or the first --algorithm/--fair anywhere in the file (as the
//     standard translator does, pluscal-translation.md §1).
//   - ParseFile does both and also reports the marker lines (FindMarkers) and the byte span
//     of the algorithm text, which later tools rewrite in place.
//   - ParseExpr parses a standalone expression (cfg values, tests).
//   - Loader resolves EXTENDS and INSTANCE to Name.tla beside the spec (parsed recursively,
//     cached, cycles reported) or to the builtin symbol tables of Builtin.
//
// Errors are token.ErrorList values, sorted, one per unit or algorithm (later errors in the
// same unit would be consequences). The parser does not panic on any input; parse
// recursion is bounded.
package parser
