package token

// Fixity says how an operator is applied.
type Fixity uint8

// Fixities. Named is an ordinary application Op(a, b) (or a bare name).
const (
	Named Fixity = iota
	Prefix
	Infix
	Postfix
)

func (f Fixity) String() string {
	switch f {
	case Prefix:
		return "prefix"
	case Infix:
		return "infix"
	case Postfix:
		return "postfix"
	}
	return "named"
}

// OpInfo describes a symbolic operator: its precedence range (Low..High, as in the table of
// mpcal.md §3.2) and whether a chain of it associates to the left.
type OpInfo struct {
	Low, High int
	Left      bool
}

// MaxPrec is above every operator precedence; function application binds tighter.
const MaxPrec = 16

// InfixInfo returns the precedence of an infix operator symbol as written (\land, /\, #, ...).
func InfixInfo(sym string) (OpInfo, bool) {
	switch sym {
	case "=>":
		return OpInfo{1, 1, false}, true
	case "<=>", `\equiv`, "~>", "-+->":
		return OpInfo{2, 2, false}, true
	case `/\`, `\/`, `\land`, `\lor`:
		return OpInfo{3, 3, true}, true
	case "=", "#", "/=", "<", ">", "<=", "=<", `\leq`, ">=", `\geq`, `\in`, `\notin`,
		`\subseteq`, `\subset`, `\supseteq`, `\supset`, `\prec`, `\preceq`, `\succ`, `\succeq`,
		`\sqsubset`, `\sqsubseteq`, `\sqsupset`, `\sqsupseteq`, `\approx`, `\asymp`, `\cong`,
		`\doteq`, `\sim`, `\simeq`, `\gg`, `\ll`, `\propto`, "|-", "-|", "|=", "=|", "::=",
		":=", "?":
		return OpInfo{5, 5, false}, true
	case `\cdot`:
		return OpInfo{5, 14, true}, true
	case "@@":
		return OpInfo{6, 6, true}, true
	case ":>", "<:":
		return OpInfo{7, 7, false}, true
	case `\cup`, `\union`, `\cap`, `\intersect`:
		return OpInfo{8, 8, true}, true
	case `\`:
		return OpInfo{8, 8, false}, true
	case "..", "...":
		return OpInfo{9, 9, false}, true
	case "!!":
		return OpInfo{9, 13, false}, true
	case "##", "$", "$$", "??", `\sqcap`, `\sqcup`, `\uplus`:
		return OpInfo{9, 13, true}, true
	case `\wr`:
		return OpInfo{9, 14, false}, true
	case "+", "++", "(+)", `\oplus`:
		return OpInfo{10, 10, true}, true
	case "%":
		return OpInfo{10, 11, false}, true
	case "%%", "|", "||":
		return OpInfo{10, 11, true}, true
	case "-", "--", "(-)", `\ominus`:
		return OpInfo{11, 11, true}, true
	case "*", "**", `\o`, `\circ`, "&", "&&", `\odot`, "(.)", `\otimes`, `(\X)`, `\star`,
		`\bullet`, `\bigcirc`:
		return OpInfo{13, 13, true}, true
	case "/", "//", `\div`, `\oslash`, "(/)":
		return OpInfo{13, 13, false}, true
	case "^", "^^":
		return OpInfo{14, 14, false}, true
	case `\X`, `\times`: // n-ary, handled specially by the parser
		return OpInfo{10, 13, false}, true
	}
	return OpInfo{}, false
}

// PrefixInfo returns the precedence of a prefix operator (symbol or keyword as written).
func PrefixInfo(sym string) (OpInfo, bool) {
	switch sym {
	case "~", `\lnot`, `\neg`:
		return OpInfo{4, 4, false}, true
	case "[]", "<>", "ENABLED", "UNCHANGED":
		return OpInfo{4, 15, false}, true
	case "SUBSET", "UNION":
		return OpInfo{8, 8, false}, true
	case "DOMAIN":
		return OpInfo{9, 9, false}, true
	case "-", "-.":
		return OpInfo{12, 12, false}, true
	}
	return OpInfo{}, false
}

// PostfixInfo returns the precedence of a postfix operator.
func PostfixInfo(sym string) (OpInfo, bool) {
	switch sym {
	case "'", "^+", "^*", "^#":
		return OpInfo{15, 15, false}, true
	}
	return OpInfo{}, false
}

// Canonical maps an operator symbol to the spelling that names it, so that synonyms
// (\land and /\, # and /=, \union and \cup, ...) compare equal. Prefix minus is "-.".
func Canonical(sym string, fix Fixity) string {
	if fix == Prefix {
		switch sym {
		case "-":
			return "-."
		case `\lnot`, `\neg`:
			return "~"
		}
		return sym
	}
	switch sym {
	case `\land`:
		return `/\`
	case `\lor`:
		return `\/`
	case `\equiv`:
		return "<=>"
	case "#":
		return "/="
	case "=<", `\leq`:
		return "<="
	case `\geq`:
		return ">="
	case `\intersect`:
		return `\cap`
	case `\union`:
		return `\cup`
	case `\circ`:
		return `\o`
	case `\oplus`:
		return "(+)"
	case `\ominus`:
		return "(-)"
	case `\odot`:
		return "(.)"
	case `\oslash`:
		return "(/)"
	case `\otimes`:
		return `(\X)`
	case `\times`:
		return `\X`
	}
	return sym
}

// IsOpSymbol reports whether s is spelled like an operator symbol rather than a name
// (used for operator arguments such as F(+, x)).
func IsOpSymbol(s string) bool {
	if s == "" {
		return false
	}
	if _, ok := InfixInfo(s); ok {
		return true
	}
	if _, ok := PrefixInfo(s); ok {
		return true
	}
	_, ok := PostfixInfo(s)
	return ok
}

// backslashWord reports whether \word is an operator the lexer accepts.
func backslashWord(w string) bool {
	switch w {
	case `\lnot`, `\neg`:
		return true
	}
	_, ok := InfixInfo(w)
	return ok
}

// IsBackslashOp reports whether `\`+word is a known operator (\in, \cup, \lnot, ...).
func IsBackslashOp(w string) bool { return backslashWord(w) }
