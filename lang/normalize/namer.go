package normalize

import (
	"strconv"

	"github.com/mpgo/mpgo/lang/ast"
)

// Namer hands out fresh identifiers (mpcal.md §6.7): Fresh(h) is h itself if h is unused,
// else h followed by the smallest counter that gives an unused name (h0, h1, ...). Every
// name it returns is recorded, so names never repeat. Seed it with every identifier of the
// module and algorithm (ReserveTree) and generated names can neither capture nor shadow a
// user name; the same input and the same sequence of calls always give the same names.
type Namer struct {
	used map[string]bool
}

// reservedWords are names a generated identifier must never take: TLA+ reserved words,
// PlusCal and MPCal keywords, and the names the PlusCal translation defines.
var reservedWords = []string{
	"ASSUME", "ASSUMPTION", "AXIOM", "CASE", "CHOOSE", "CONSTANT", "CONSTANTS", "DOMAIN",
	"ELSE", "ENABLED", "EXCEPT", "EXTENDS", "IF", "IN", "INSTANCE", "LET", "LOCAL", "MODULE",
	"OTHER", "SUBSET", "THEN", "THEOREM", "UNCHANGED", "UNION", "VARIABLE", "VARIABLES",
	"WITH", "LAMBDA", "RECURSIVE", "TRUE", "FALSE", "BOOLEAN", "STRING",
	"begin", "end", "define", "macro", "procedure", "process", "fair", "variables",
	"variable", "archetype", "mapping", "instance", "if", "then", "else", "elsif", "while",
	"do", "either", "or", "with", "await", "when", "print", "assert", "skip", "return",
	"goto", "call", "yield", "ref", "via", "read", "write", "algorithm", "mpcal",
	"self", "pc", "stack", "Done", "Error", "defaultInitValue", "ProcSet", "Init", "Next",
	"Spec", "vars", "Termination",
}

// NewNamer returns a namer with only the reserved words in use.
func NewNamer() *Namer {
	n := &Namer{used: make(map[string]bool, 256)}
	n.Reserve(reservedWords...)
	return n
}

// Reserve marks names as used.
func (n *Namer) Reserve(names ...string) {
	for _, s := range names {
		n.used[s] = true
	}
}

// ReserveTree marks every identifier occurring in the given trees (modules, algorithms,
// units, statements, expressions; labels and field names included) as used.
func (n *Namer) ReserveTree(nodes ...ast.Node) {
	for _, root := range nodes {
		if root == nil {
			continue
		}
		ast.Inspect(root, func(x ast.Node) bool {
			if id, ok := x.(*ast.Ident); ok && id != nil {
				n.used[id.Name] = true
			}
			return true
		})
	}
}

// Used reports whether name is taken.
func (n *Namer) Used(name string) bool { return n.used[name] }

// Fresh returns an unused name derived from base and records it. A base that is not a
// plain identifier (empty, or an operator symbol) is replaced by "tmp".
func (n *Namer) Fresh(base string) string {
	if !isIdent(base) {
		base = "tmp"
	}
	if !n.used[base] {
		n.used[base] = true
		return base
	}
	for i := 0; ; i++ {
		s := base + strconv.Itoa(i)
		if !n.used[s] {
			n.used[s] = true
			return s
		}
	}
}

// isIdent reports whether s can be used as an identifier: letters, digits and underscores
// with at least one letter, not starting with WF_ or SF_.
func isIdent(s string) bool {
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
	if len(s) >= 3 && (s[:3] == "WF_" || s[:3] == "SF_") {
		return false
	}
	return letter
}
