package cfg

import (
	"fmt"
	"strconv"
	"strings"
)

// Pos is a position in a configuration file. Line and Col start at 1; Col
// counts bytes. The zero Pos means "no position".
type Pos struct {
	Line, Col int
}

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p.Line > 0 }

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Name is an identifier of the configuration (a definition, constant or
// module name) with its position.
type Name struct {
	Name string
	Pos  Pos
}

// Constant is one item of a CONSTANT(S) statement: either an assignment
// `C = value` (Value is set) or a substitution `C <- Def` (Def is set).
type Constant struct {
	// Name is the constant, or the constant operator, being given.
	Name Name
	// Args are the arguments of an operator-constant assignment
	// `F(a, b) = value`; nil otherwise. Substitutions have none.
	Args []Value
	// Module is the M of `C = [M] value` or `C <- [M] Def`: the assignment
	// or substitution applies to the constant of module M rather than of
	// the main module. Nil when absent.
	Module *Name
	// Value is the assigned value; nil for a substitution.
	Value Value
	// Def is the definition substituted for the constant; nil for an
	// assignment.
	Def *Name
}

// IsSubstitution reports whether c is `C <- Def` rather than `C = value`.
func (c Constant) IsSubstitution() bool { return c.Def != nil }

// String renders c as in a CONSTANTS statement.
func (c Constant) String() string {
	var b strings.Builder
	b.WriteString(c.Name.Name)
	if len(c.Args) > 0 {
		b.WriteByte('(')
		for i, a := range c.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(valueString(a))
		}
		b.WriteByte(')')
	}
	if c.Def != nil {
		b.WriteString(" <- ")
	} else {
		b.WriteString(" = ")
	}
	if c.Module != nil {
		b.WriteString("[" + c.Module.Name + "] ")
	}
	if c.Def != nil {
		b.WriteString(c.Def.Name)
	} else {
		b.WriteString(valueString(c.Value))
	}
	return b.String()
}

// Config is a parsed TLC model configuration. Single-name fields are nil
// when the keyword is absent.
type Config struct {
	// Filename is the name given to Parse (used in Validate's errors).
	Filename string

	// Constants are the items of all CONSTANT(S) statements, in order.
	Constants []Constant

	Init          *Name
	Next          *Name
	Specification *Name

	Invariants        []Name
	Properties        []Name
	Constraints       []Name
	ActionConstraints []Name

	Symmetry       *Name
	View           *Name
	Alias          *Name
	Postcondition  *Name
	Type           *Name
	TypeConstraint *Name

	// CheckDeadlock is the value of CHECK_DEADLOCK, nil when absent (TLC
	// then checks for deadlock). CheckDeadlockPos is the position of the
	// TRUE or FALSE.
	CheckDeadlock    *bool
	CheckDeadlockPos Pos
}

// Value is a constant value of a model file: *Int, *String, *Bool,
// *ModelValue or *Set.
type Value interface {
	// Pos is where the value starts.
	Pos() Pos
	// String renders the value in TLC's syntax.
	String() string
	value()
}

// Int is a natural number (TLC accepts 0 to 2^31-1).
type Int struct {
	Start Pos
	Value int64
}

// String is a string literal; Value is unescaped.
type String struct {
	Start Pos
	Value string
}

// Bool is TRUE or FALSE.
type Bool struct {
	Start Pos
	Value bool
}

// ModelValue is a bare identifier used as a value: a model value.
type ModelValue struct {
	Start Pos
	Name  string
}

// Set is an enumerated set `{e1, e2, ...}`, elements as written (neither
// sorted nor deduplicated).
type Set struct {
	Start Pos // the `{`
	Elems []Value
}

func (v *Int) Pos() Pos        { return v.Start }
func (v *String) Pos() Pos     { return v.Start }
func (v *Bool) Pos() Pos       { return v.Start }
func (v *ModelValue) Pos() Pos { return v.Start }
func (v *Set) Pos() Pos        { return v.Start }

func (*Int) value()        {}
func (*String) value()     {}
func (*Bool) value()       {}
func (*ModelValue) value() {}
func (*Set) value()        {}

func (v *Int) String() string        { return strconv.FormatInt(v.Value, 10) }
func (v *String) String() string     { return quote(v.Value) }
func (v *ModelValue) String() string { return v.Name }

func (v *Bool) String() string {
	if v.Value {
		return "TRUE"
	}
	return "FALSE"
}

func (v *Set) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, e := range v.Elems {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(valueString(e))
	}
	b.WriteByte('}')
	return b.String()
}

// valueString renders v, tolerating nil (which no parsed Config contains).
func valueString(v Value) string {
	if v == nil {
		return "<nil>"
	}
	return v.String()
}

// quote renders s as a TLA+ string literal.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\f':
			b.WriteString(`\f`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
