package token

// Kind is the lexical class of a token.
type Kind uint8

// Token kinds. Operator symbols that TLA+ lets users define are all OP (their text says which);
// punctuation that the grammar needs has its own kind.
const (
	ILLEGAL Kind = iota // lexical error; the token's text is the message
	EOF

	IDENT  // x, Foo, 1a (identifiers may start with digits)
	NUMBER // 123, \b101, \o17, \h1F, 1.5
	STRING // "..."
	OP     // an operator symbol or \word, e.g. +, \in, \X, ', ~

	LPAREN     // (
	RPAREN     // )
	LBRACK     // [
	RBRACK     // ]
	RBRACKSUB  // ]_  (as in [A]_v)
	LBRACE     // {
	RBRACE     // }
	LTUPLE     // <<
	RTUPLE     // >>
	RTUPLESUB  // >>_ (as in <<A>>_v)
	COMMA      // ,
	COLON      // :
	SEMICOLON  // ; (PlusCal)
	DOT        // .
	DEFEQ      // ==
	MAPSTO     // |->
	ARROW      // ->
	LARROW     // <-
	BANG       // !
	AT         // @
	UNDERSCORE // _
	BOX        // [] (always, and the CASE separator)
	SEPARATOR  // ---- (four or more dashes)
	MODULEEND  // ==== (four or more equal signs)
	FORALL     // \A
	EXISTS     // \E
	TFORALL    // \AA
	TEXISTS    // \EE
	WF         // WF_
	SF         // SF_
	DOLLARVAR  // $variable (MPCal mapping macros)
	DOLLARVAL  // $value (MPCal mapping macros)

	keywordBeg
	ASSUME
	ASSUMPTION
	AXIOM
	CASE
	CHOOSE
	CONSTANT
	CONSTANTS
	DOMAIN
	ELSE
	ENABLED
	EXCEPT
	EXTENDS
	IF
	IN
	INSTANCE
	LAMBDA
	LET
	LOCAL
	MODULE
	OTHER
	RECURSIVE
	SUBSET
	THEN
	THEOREM
	UNCHANGED
	UNION
	VARIABLE
	VARIABLES
	WITH
	keywordEnd
)

var kindNames = [...]string{
	ILLEGAL: "ILLEGAL", EOF: "EOF", IDENT: "identifier", NUMBER: "number", STRING: "string",
	OP: "operator", LPAREN: "(", RPAREN: ")", LBRACK: "[", RBRACK: "]", RBRACKSUB: "]_",
	LBRACE: "{", RBRACE: "}", LTUPLE: "<<", RTUPLE: ">>", RTUPLESUB: ">>_", COMMA: ",",
	COLON: ":", SEMICOLON: ";", DOT: ".", DEFEQ: "==", MAPSTO: "|->", ARROW: "->", LARROW: "<-",
	BANG: "!", AT: "@", UNDERSCORE: "_", BOX: "[]", SEPARATOR: "----", MODULEEND: "====",
	FORALL: `\A`, EXISTS: `\E`, TFORALL: `\AA`, TEXISTS: `\EE`, WF: "WF_", SF: "SF_",
	DOLLARVAR: "$variable", DOLLARVAL: "$value",
	ASSUME: "ASSUME", ASSUMPTION: "ASSUMPTION", AXIOM: "AXIOM", CASE: "CASE", CHOOSE: "CHOOSE",
	CONSTANT: "CONSTANT", CONSTANTS: "CONSTANTS", DOMAIN: "DOMAIN", ELSE: "ELSE",
	ENABLED: "ENABLED", EXCEPT: "EXCEPT", EXTENDS: "EXTENDS", IF: "IF", IN: "IN",
	INSTANCE: "INSTANCE", LAMBDA: "LAMBDA", LET: "LET", LOCAL: "LOCAL", MODULE: "MODULE",
	OTHER: "OTHER", RECURSIVE: "RECURSIVE", SUBSET: "SUBSET", THEN: "THEN", THEOREM: "THEOREM",
	UNCHANGED: "UNCHANGED", UNION: "UNION", VARIABLE: "VARIABLE", VARIABLES: "VARIABLES",
	WITH: "WITH",
}

// String returns the kind's spelling (the literal text for punctuation and keywords).
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "?"
}

// IsKeyword reports whether k is a reserved word.
func (k Kind) IsKeyword() bool { return k > keywordBeg && k < keywordEnd }

// Lookup maps a word to its keyword kind, or IDENT.
func Lookup(word string) Kind {
	switch word {
	case "ASSUME":
		return ASSUME
	case "ASSUMPTION":
		return ASSUMPTION
	case "AXIOM":
		return AXIOM
	case "CASE":
		return CASE
	case "CHOOSE":
		return CHOOSE
	case "CONSTANT":
		return CONSTANT
	case "CONSTANTS":
		return CONSTANTS
	case "DOMAIN":
		return DOMAIN
	case "ELSE":
		return ELSE
	case "ENABLED":
		return ENABLED
	case "EXCEPT":
		return EXCEPT
	case "EXTENDS":
		return EXTENDS
	case "IF":
		return IF
	case "IN":
		return IN
	case "INSTANCE":
		return INSTANCE
	case "LAMBDA":
		return LAMBDA
	case "LET":
		return LET
	case "LOCAL":
		return LOCAL
	case "MODULE":
		return MODULE
	case "OTHER":
		return OTHER
	case "RECURSIVE":
		return RECURSIVE
	case "SUBSET":
		return SUBSET
	case "THEN":
		return THEN
	case "THEOREM":
		return THEOREM
	case "UNCHANGED":
		return UNCHANGED
	case "UNION":
		return UNION
	case "VARIABLE":
		return VARIABLE
	case "VARIABLES":
		return VARIABLES
	case "WITH":
		return WITH
	}
	return IDENT
}

// IsIdentifier reports whether s is a TLA+ identifier: [A-Za-z0-9_]* with at least one letter,
// not a reserved word, and not starting with WF_ or SF_.
func IsIdentifier(s string) bool {
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9' || c == '_':
		default:
			return false
		}
	}
	if !letter || Lookup(s) != IDENT {
		return false
	}
	return !(len(s) >= 3 && (s[:3] == "WF_" || s[:3] == "SF_"))
}
