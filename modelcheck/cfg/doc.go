// Package cfg parses TLC model configuration (.cfg) files.
//
// A configuration is a sequence of statements, each introduced by a keyword
// (keywords are case-sensitive, as in TLC):
//
//	CONSTANT, CONSTANTS              C = value, C <- Def, C = [M] value, C <- [M] Def, F(v, ...) = value
//	INIT, NEXT, SPECIFICATION        one name
//	INVARIANT, INVARIANTS            any number of names
//	PROPERTY, PROPERTIES             any number of names
//	CONSTRAINT, CONSTRAINTS          any number of names
//	ACTION_CONSTRAINT, ACTION_CONSTRAINTS
//	                                 any number of names
//	SYMMETRY, VIEW, ALIAS, POSTCONDITION, TYPE, TYPE_CONSTRAINT
//	                                 one name
//	CHECK_DEADLOCK                   TRUE or FALSE
//
// The names and assignments of a statement may be spread over several lines
// and end at the next keyword; a list keyword may appear several times (its
// lists accumulate), a single-name keyword at most once. Comments are `\*` to
// the end of the line and `(* ... *)`, which nest.
//
// A constant value is what TLC accepts in a model file: a decimal integer
// from 0 to 2^31-1 (TLC rejects negative numbers: define the value in the
// module and write `C <- Def`), a string, TRUE or FALSE, a model value (a
// bare identifier, such as `Nil` in `Nil = Nil`) or a set `{...}` of values,
// possibly nested. Tuples, records, expressions and non-decimal numbers are
// not accepted.
//
// Names (of constants, definitions, modules and model values) must be TLA+
// identifiers other than the keywords above; TRUE and FALSE are values.
// This is stricter than TLC, whose tokenizer lets any token through (so
// that, say, `INVARIANT Inst!Inv` or `C = <<1>>` fail only later, and
// obscurely); here they are syntax errors.
//
// Parse reports the first syntax error as an *Error, printed as
// "file:line:col: message"; columns count bytes from 1. Semantic conditions
// that depend on the whole file (INIT without NEXT, SPECIFICATION together
// with INIT/NEXT, a constant given twice) are not parse errors: the caller
// checks them, for instance with (*Config).Validate. Whether the names refer
// to definitions of the module is for the model checker to decide.
//
// (*Config).String renders a configuration in TLC's syntax; parsing the
// result gives back the same configuration (up to positions).
package cfg
