package gogen

import (
	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/token"
)

// special marks builtins that are not plain calls of a tla function.
type special uint8

const (
	plain       special = iota
	opAnd               // /\ : Go &&, short-circuit
	opOr                // \/ : Go ||
	opImplies           // => : !a || b
	opNot               // ~  : Go !
	opSelectSeq         // SelectSeq(s, Test): tla.SelectSeq with a Go predicate
	opSortSeq           // SortSeq(s, Less): tla.SortSeq with a Go comparison
	opBagOfAll          // BagOfAll(F, b): tla.BagOfAll with a Go function
)

// builtin is how generated code refers to a standard operator (mpcal.md §3.5, §3.6).
type builtin struct {
	goName string // tla function (or, for arity 0, variable); "" for specials without one
	arity  int
	kind   special
}

type builtinKey struct {
	name string // canonical spelling (token.Canonical)
	fix  token.Fixity
}

func named(name string, arity int, goName string) (builtinKey, builtin) {
	return builtinKey{name, token.Named}, builtin{goName: goName, arity: arity}
}

// builtins are the standard operators gogen compiles, by canonical name and fixity. Names
// of the standard modules not listed (Nat, STRING, Print, primes, ...) are rejected with an
// UnsupportedOperationError when reachable (mpcal.md §3.6).
var builtins = func() map[builtinKey]builtin {
	m := map[builtinKey]builtin{}
	add := func(k builtinKey, b builtin) { m[k] = b }
	infix := func(name, goName string) {
		m[builtinKey{name, token.Infix}] = builtin{goName: goName, arity: 2}
	}
	prefix := func(name, goName string) {
		m[builtinKey{name, token.Prefix}] = builtin{goName: goName, arity: 1}
	}
	// always available
	add(named("TRUE", 0, "tla.ModuleTRUE"))
	add(named("FALSE", 0, "tla.ModuleFALSE"))
	add(named("BOOLEAN", 0, "tla.ModuleBOOLEAN"))
	add(named("defaultInitValue", 0, "tla.ModuledefaultInitValue"))
	m[builtinKey{"~", token.Prefix}] = builtin{goName: "tla.ModuleLogicalNotSymbol", arity: 1, kind: opNot}
	m[builtinKey{`/\`, token.Infix}] = builtin{arity: 2, kind: opAnd}
	m[builtinKey{`\/`, token.Infix}] = builtin{arity: 2, kind: opOr}
	m[builtinKey{"=>", token.Infix}] = builtin{arity: 2, kind: opImplies}
	infix("<=>", "tla.ModuleEquivSymbol")
	infix("=", "tla.ModuleEqualsSymbol")
	infix("/=", "tla.ModuleNotEqualsSymbol")
	infix(`\in`, "tla.ModuleInSymbol")
	infix(`\notin`, "tla.ModuleNotInSymbol")
	infix(`\cap`, "tla.ModuleIntersectSymbol")
	infix(`\cup`, "tla.ModuleUnionSymbol")
	infix(`\subseteq`, "tla.ModuleSubsetOrEqualSymbol")
	infix(`\`, "tla.ModuleBackslashSymbol")
	prefix("SUBSET", "tla.ModulePrefixSubsetSymbol")
	prefix("UNION", "tla.ModulePrefixUnionSymbol")
	prefix("DOMAIN", "tla.ModuleDomainSymbol")
	// Naturals, Integers
	infix("+", "tla.ModulePlusSymbol")
	infix("-", "tla.ModuleMinusSymbol")
	infix("*", "tla.ModuleAsteriskSymbol")
	infix("^", "tla.ModuleSuperscriptSymbol")
	infix("<", "tla.ModuleLessThanSymbol")
	infix(">", "tla.ModuleGreaterThanSymbol")
	infix("<=", "tla.ModuleLessThanOrEqualSymbol")
	infix(">=", "tla.ModuleGreaterThanOrEqualSymbol")
	infix("%", "tla.ModulePercentSymbol")
	infix(`\div`, "tla.ModuleDivSymbol")
	infix("..", "tla.ModuleDotDotSymbol")
	prefix("-.", "tla.ModuleNegationSymbol")
	add(named("Zero", 0, "tla.ModuleZero"))
	// Sequences
	add(named("Seq", 1, "tla.ModuleSeq"))
	add(named("Len", 1, "tla.ModuleLen"))
	infix(`\o`, "tla.ModuleOSymbol")
	add(named("Append", 2, "tla.ModuleAppend"))
	add(named("Head", 1, "tla.ModuleHead"))
	add(named("Tail", 1, "tla.ModuleTail"))
	add(named("SubSeq", 3, "tla.ModuleSubSeq"))
	m[builtinKey{"SelectSeq", token.Named}] = builtin{goName: "tla.SelectSeq", arity: 2, kind: opSelectSeq}
	// FiniteSets
	add(named("IsFiniteSet", 1, "tla.ModuleIsFiniteSet"))
	add(named("Cardinality", 1, "tla.ModuleCardinality"))
	// TLC
	add(named("Assert", 2, "tla.ModuleAssert"))
	add(named("ToString", 1, "tla.ModuleToString"))
	add(named("Permutations", 1, "tla.ModulePermutations"))
	infix(":>", "tla.ModuleColonGreaterThanSymbol")
	infix("@@", "tla.ModuleDoubleAtSignSymbol")
	m[builtinKey{"SortSeq", token.Named}] = builtin{goName: "tla.SortSeq", arity: 2, kind: opSortSeq}
	// Bags
	add(named("IsABag", 1, "tla.ModuleIsABag"))
	add(named("BagToSet", 1, "tla.ModuleBagToSet"))
	add(named("SetToBag", 1, "tla.ModuleSetToBag"))
	add(named("BagIn", 2, "tla.ModuleBagIn"))
	add(named("EmptyBag", 0, "tla.ModuleEmptyBag"))
	add(named("CopiesIn", 2, "tla.ModuleCopiesIn"))
	infix("(+)", "tla.ModuleOPlusSymbol")
	infix("(-)", "tla.ModuleOMinusSymbol")
	add(named("BagUnion", 1, "tla.ModuleBagUnion"))
	infix(`\sqsubseteq`, "tla.ModuleSquareSubsetOrEqualSymbol")
	add(named("SubBag", 1, "tla.ModuleSubBag"))
	add(named("BagCardinality", 1, "tla.ModuleBagCardinality"))
	m[builtinKey{"BagOfAll", token.Named}] = builtin{goName: "tla.BagOfAll", arity: 2, kind: opBagOfAll}
	return m
}()

// builtinModules are the modules whose operators gogen knows; a builtin symbol from any
// other module (community modules, TLCExt, ...) is unsupported.
var builtinModules = map[string]bool{
	"": true, "PlusCal": true, "Naturals": true, "Integers": true, "Reals": true,
	"ProtoReals": true, "Peano": true, "Sequences": true, "FiniteSets": true, "Bags": true,
	"TLC": true,
}

// lookupBuiltin returns how to compile a builtin symbol.
func lookupBuiltin(s *check.Symbol) (builtin, bool) {
	if !builtinModules[s.Module] {
		return builtin{}, false
	}
	b, ok := builtins[builtinKey{s.Name, s.Fix}]
	return b, ok
}

// symbolStems are the stems of operator symbols (mpcal.md §3.5): a user-defined symbolic
// operator becomes the Go function <stem>Symbol.
var symbolStems = map[string]string{
	"!!": "DoubleExclamation", "##": "DoublePound", "$": "Dollar", "$$": "DoubleDollar",
	"%%": "DoublePercent", "&": "Ampersand", "&&": "DoubleAmpersand", "(.)": "ODot",
	"(/)": "OSlash", `(\X)`: "OTimes", "**": "DoubleAsterisk", "++": "DoublePlus",
	"--": "DoubleMinus", "-|": "LeftTurnstile", "...": "DotDotDot", "//": "SlashSlash",
	"::=": "ColonColonEquals", ":=": "ColonEquals", "<:": "LessThanColon",
	"=|": "LeftEntailment", "?": "QuestionMark", "??": "DoubleQuestionMark",
	`\approx`: "Approx", `\asymp`: "Asymp", `\bigcirc`: "BigCirc", `\bullet`: "Bullet",
	`\cong`: "Congruence", `\doteq`: "DotEq", `\gg`: "GreaterThanGreaterThan",
	`\ll`: "LessThanLessThan", `\prec`: "Prec", `\preceq`: "PrecEq", `\propto`: "Propto",
	`\sim`: "Sim", `\sqcap`: "SquareCap", `\sqcup`: "SquareCup", `\sqsubset`: "SquareSubset",
	`\sqsupset`: "SquareSuperset", `\sqsupseteq`: "SquareSupersetOrEqual", `\star`: "Star",
	`\subset`: "Subset", `\succ`: "Succ", `\succeq`: "SuccOrEqual", `\supset`: "Superset",
	`\supseteq`: "SupersetOrEqual", `\uplus`: "UPlus", `\wr`: "WR", "^^": "CaretCaret",
	"|": "Pipe", "|-": "Turnstile", "|=": "Entailment", "||": "DoublePipe",
	"^+": "SuperscriptPlus", "^*": "SuperscriptAsterisk", "^#": "SuperscriptPound",
	// symbols of the standard modules, which a module not extending them may define
	"+": "Plus", "-": "Minus", "*": "Asterisk", "^": "Superscript", "%": "Percent",
	`\div`: "Div", "<": "LessThan", ">": "GreaterThan", "<=": "LessThanOrEqual",
	">=": "GreaterThanOrEqual", "..": "DotDot", "-.": "Negation", `\o`: "O", ":>": "ColonGreaterThan",
	"@@": "DoubleAtSign", "(+)": "OPlus", "(-)": "OMinus", `\sqsubseteq`: "SquareSubsetOrEqual",
	"/": "Slash", `\cdot`: "Cdot", `\times`: "Times", `\X`: "Times",
	`\simeq`: "SimEq", "=": "Equals", "/=": "NotEquals",
}

// defGoName is the base of the Go name of a user definition: the name itself, or the stem
// of a symbolic operator followed by Symbol.
func defGoName(name string, fix token.Fixity) string {
	if fix == token.Named {
		return name
	}
	if stem, ok := symbolStems[token.Canonical(name, fix)]; ok {
		return stem + "Symbol"
	}
	return "OpSymbol"
}
