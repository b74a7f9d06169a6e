package gogen

import (
	"strconv"
	"strings"
)

// goReserved are the names no generated identifier may take: Go's keywords and predeclared
// identifiers (shadowing nil or len would break the code around it), the packages the file
// imports, and the fixed names generated code uses (the parameters of every body and of the
// closures passed to tla's binders, the table variables).
var goReserved = []string{
	"break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
	"for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
	"return", "select", "struct", "switch", "type", "var",
	"any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32",
	"float64", "int", "int8", "int16", "int32", "int64", "rune", "string", "uint", "uint8",
	"uint16", "uint32", "uint64", "uintptr", "true", "false", "iota", "nil", "append", "cap",
	"clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min", "new",
	"panic", "print", "println", "real", "recover",
	"distsys", "tla", "fmt",
	"iface", "err", "args", "element", "anchor", "procTable", "jumpTable",
}

// namer is the file's one name cleaner (mpcal.md §7.1): clean(h) returns h if it is unused,
// else h followed by the smallest unused counter (h0, h1, ...), and records the result, so
// every Go name of the file is unique and the same input always gives the same names.
type namer struct {
	used map[string]bool
	next map[string]int // per base: every counter below it is known to be taken
}

func newNamer() *namer {
	n := &namer{used: make(map[string]bool, 1024), next: map[string]int{}}
	for _, s := range goReserved {
		n.used[s] = true
	}
	return n
}

// clean returns a fresh Go identifier derived from base (made a valid identifier first).
func (n *namer) clean(base string) string {
	base = goIdent(base)
	if !n.used[base] {
		n.used[base] = true
		return base
	}
	// Names are only ever added, so the smallest free counter never decreases.
	for i := n.next[base]; ; i++ {
		s := base + strconv.Itoa(i)
		if !n.used[s] {
			n.used[s] = true
			n.next[base] = i + 1
			return s
		}
	}
}

// exported returns a fresh exported identifier for a definition, archetype or procedure
// name: the name with its first letter capitalised.
func (n *namer) exported(name string) string {
	name = goIdent(name)
	switch c := name[0]; {
	case c >= 'a' && c <= 'z':
		name = string(c-'a'+'A') + name[1:]
	case c >= 'A' && c <= 'Z':
	default: // "_x": give it an exported form
		name = "X" + name
	}
	return n.clean(name)
}

// goIdent makes a TLA+ identifier (letters, digits, underscores, possibly starting with a
// digit) a valid Go identifier.
func goIdent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' {
			b.WriteByte(c)
		}
	}
	out := b.String()
	if out == "" || out == "_" {
		return "tmp"
	}
	if out[0] >= '0' && out[0] <= '9' {
		out = "_" + out
	}
	return out
}
