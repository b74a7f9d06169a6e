// Package token defines source positions and the lexical tokens of TLA+, PlusCal and Modular
// PlusCal.
//
// Positions follow go/token: a FileSet hands every file a disjoint range of compact Pos
// values (base + byte offset), which resolve to a Position (file, byte offset, line, byte
// column). ErrorList collects positioned diagnostics and renders them sorted as
// "file:line:col: message".
//
// The operator tables (InfixInfo, PrefixInfo, PostfixInfo) give the precedence ranges and
// associativity of mpcal.md §3.2; Canonical maps synonyms (\land and /\, # and /=, ...) to
// one spelling.
package token
