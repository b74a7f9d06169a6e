package cfg

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// Error is a syntax or semantic error at a position of a configuration file.
type Error struct {
	Filename string
	Pos      Pos
	Msg      string
}

// Error renders the error as "file:line:col: message" (without "file:" when
// Filename is empty).
func (e *Error) Error() string {
	if e.Filename == "" {
		return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Filename, e.Pos.Line, e.Pos.Col, e.Msg)
}

// maxSetDepth bounds the nesting of sets so that no input can exhaust the stack.
const maxSetDepth = 256

// isKeyword reports whether s is a keyword of the configuration language.
func isKeyword(s string) bool {
	switch s {
	case "CONSTANT", "CONSTANTS",
		"INIT", "NEXT", "SPECIFICATION",
		"INVARIANT", "INVARIANTS",
		"PROPERTY", "PROPERTIES",
		"CONSTRAINT", "CONSTRAINTS",
		"ACTION_CONSTRAINT", "ACTION_CONSTRAINTS",
		"SYMMETRY", "VIEW", "ALIAS", "POSTCONDITION",
		"TYPE", "TYPE_CONSTRAINT",
		"CHECK_DEADLOCK":
		return true
	}
	return false
}

// ParseFile reads and parses the configuration file at path.
func ParseFile(path string) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// Parse parses the configuration src; filename is used in positions of
// errors. The error, if any, is an *Error for the first problem found.
func Parse(filename string, src []byte) (*Config, error) {
	p := &parser{lx: newLexer(src), cfg: &Config{Filename: filename}}
	if err := p.parse(); err != nil {
		err.Filename = filename
		return nil, err
	}
	return p.cfg, nil
}

type parser struct {
	lx  *lexer
	tok token
	cfg *Config
}

func (p *parser) next() *Error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func errorf(pos Pos, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) isPunct(s string) bool { return p.tok.kind == tPunct && p.tok.text == s }

// atName reports whether the current token can be a name: an identifier
// that is not a keyword.
func (p *parser) atName() bool { return p.tok.kind == tIdent && !isKeyword(p.tok.text) }

// atStatementEnd reports whether the current token ends a statement.
func (p *parser) atStatementEnd() bool {
	return p.tok.kind == tEOF || p.tok.kind == tIdent && isKeyword(p.tok.text)
}

func (p *parser) parse() *Error {
	if err := p.next(); err != nil {
		return err
	}
	for p.tok.kind != tEOF {
		if err := p.statement(); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) statement() *Error {
	kw := p.tok
	if kw.kind != tIdent {
		return errorf(kw.pos, "expected a keyword (CONSTANT, INIT, NEXT, SPECIFICATION, INVARIANT, PROPERTY, ...), found %s", kw.describe())
	}
	c := p.cfg
	switch kw.text {
	case "CONSTANT", "CONSTANTS":
		return p.constants(kw)
	case "INIT":
		return p.single(kw, &c.Init)
	case "NEXT":
		return p.single(kw, &c.Next)
	case "SPECIFICATION":
		return p.single(kw, &c.Specification)
	case "SYMMETRY":
		return p.single(kw, &c.Symmetry)
	case "VIEW":
		return p.single(kw, &c.View)
	case "ALIAS":
		return p.single(kw, &c.Alias)
	case "POSTCONDITION":
		return p.single(kw, &c.Postcondition)
	case "TYPE":
		return p.single(kw, &c.Type)
	case "TYPE_CONSTRAINT":
		return p.single(kw, &c.TypeConstraint)
	case "INVARIANT", "INVARIANTS":
		return p.list(kw, &c.Invariants, "an invariant")
	case "PROPERTY", "PROPERTIES":
		return p.list(kw, &c.Properties, "a property")
	case "CONSTRAINT", "CONSTRAINTS":
		return p.list(kw, &c.Constraints, "a constraint")
	case "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS":
		return p.list(kw, &c.ActionConstraints, "an action constraint")
	case "CHECK_DEADLOCK":
		return p.checkDeadlock(kw)
	}
	if up := strings.ToUpper(kw.text); isKeyword(up) {
		return errorf(kw.pos, "unknown keyword %q (keywords are upper case: %s)", kw.text, up)
	}
	return errorf(kw.pos, "unknown keyword %q", kw.text)
}

// single parses `KEYWORD name`, a keyword allowed once.
func (p *parser) single(kw token, dst **Name) *Error {
	if *dst != nil {
		return errorf(kw.pos, "%s given twice (first at %s)", kw.text, (*dst).Pos)
	}
	if err := p.next(); err != nil {
		return err
	}
	if !p.atName() {
		return p.missingName(kw, "a name")
	}
	*dst = &Name{p.tok.text, p.tok.pos}
	return p.next()
}

func (p *parser) missingName(kw token, what string) *Error {
	if p.atStatementEnd() {
		return errorf(p.tok.pos, "missing name after %s: found %s", kw.text, p.tok.describe())
	}
	return errorf(p.tok.pos, "expected %s after %s, found %s", what, kw.text, p.tok.describe())
}

// list parses `KEYWORD name name ...`; the list may be empty, as in TLC.
func (p *parser) list(kw token, dst *[]Name, what string) *Error {
	if err := p.next(); err != nil {
		return err
	}
	for p.atName() {
		*dst = append(*dst, Name{p.tok.text, p.tok.pos})
		if err := p.next(); err != nil {
			return err
		}
	}
	if p.atStatementEnd() {
		return nil
	}
	hint := ""
	if p.isPunct(",") {
		hint = " (names are separated by blanks, not commas)"
	}
	return errorf(p.tok.pos, "expected %s name or a keyword after %s, found %s%s", what, kw.text, p.tok.describe(), hint)
}

func (p *parser) checkDeadlock(kw token) *Error {
	c := p.cfg
	if c.CheckDeadlock != nil {
		return errorf(kw.pos, "%s given twice (first at %s)", kw.text, c.CheckDeadlockPos)
	}
	if err := p.next(); err != nil {
		return err
	}
	if p.tok.kind != tIdent || p.tok.text != "TRUE" && p.tok.text != "FALSE" {
		return errorf(p.tok.pos, "%s expects TRUE or FALSE, found %s", kw.text, p.tok.describe())
	}
	b := p.tok.text == "TRUE"
	c.CheckDeadlock, c.CheckDeadlockPos = &b, p.tok.pos
	return p.next()
}

// constants parses the items of a CONSTANT(S) statement:
//
//	C = value | C = [M] value | F(v, ...) = value | C <- Def | C <- [M] Def
func (p *parser) constants(kw token) *Error {
	if err := p.next(); err != nil {
		return err
	}
	for p.atName() {
		k := Constant{Name: Name{p.tok.text, p.tok.pos}}
		if k.Name.Name == "TRUE" || k.Name.Name == "FALSE" {
			return errorf(p.tok.pos, "%s cannot be a constant name", k.Name.Name)
		}
		if err := p.next(); err != nil {
			return err
		}
		if p.isPunct("(") {
			if err := p.args(&k); err != nil {
				return err
			}
		}
		switch {
		case p.isPunct("="):
			if err := p.next(); err != nil {
				return err
			}
			if err := p.module(&k); err != nil {
				return err
			}
			v, err := p.value(0)
			if err != nil {
				return err
			}
			k.Value = v
		case p.isPunct("<-"):
			if k.Args != nil {
				return errorf(p.tok.pos, "the substitution for %s takes no arguments: write %s <- Def", k.Name.Name, k.Name.Name)
			}
			if err := p.next(); err != nil {
				return err
			}
			if err := p.module(&k); err != nil {
				return err
			}
			if !p.atName() || p.tok.text == "TRUE" || p.tok.text == "FALSE" {
				return errorf(p.tok.pos, "expected the name of a definition after %s <-, found %s", k.Name.Name, p.tok.describe())
			}
			k.Def = &Name{p.tok.text, p.tok.pos}
			if err := p.next(); err != nil {
				return err
			}
		default:
			hint := ""
			if p.tok.kind == tOther && p.tok.text == "==" {
				hint = " (a model file writes C = value, not C == value)"
			}
			return errorf(p.tok.pos, "expected = or <- after constant %s, found %s%s", k.Name.Name, p.tok.describe(), hint)
		}
		p.cfg.Constants = append(p.cfg.Constants, k)
	}
	if p.atStatementEnd() {
		return nil
	}
	return errorf(p.tok.pos, "expected a constant assignment (C = value or C <- Def) or a keyword after %s, found %s", kw.text, p.tok.describe())
}

// args parses the `(v, ...)` of an operator-constant assignment.
func (p *parser) args(k *Constant) *Error {
	open := p.tok.pos
	for {
		if err := p.next(); err != nil {
			return err
		}
		v, err := p.value(0)
		if err != nil {
			return err
		}
		k.Args = append(k.Args, v)
		switch {
		case p.isPunct(","):
			continue
		case p.isPunct(")"):
			return p.next()
		}
		return errorf(p.tok.pos, "expected , or ) in the arguments of %s opened at %s, found %s", k.Name.Name, open, p.tok.describe())
	}
}

// module parses an optional module qualifier `[M]`.
func (p *parser) module(k *Constant) *Error {
	if !p.isPunct("[") {
		return nil
	}
	open := p.tok.pos
	if err := p.next(); err != nil {
		return err
	}
	if !p.atName() {
		return errorf(p.tok.pos, "expected a module name after [, found %s", p.tok.describe())
	}
	k.Module = &Name{p.tok.text, p.tok.pos}
	if err := p.next(); err != nil {
		return err
	}
	if !p.isPunct("]") {
		return errorf(p.tok.pos, "expected ] to close the [ at %s, found %s", open, p.tok.describe())
	}
	return p.next()
}

// value parses a constant value and moves past it.
func (p *parser) value(depth int) (Value, *Error) {
	t := p.tok
	var v Value
	switch t.kind {
	case tNumber:
		n, err := strconv.ParseInt(t.text, 10, 64)
		if err != nil || n > math.MaxInt32 {
			return nil, errorf(t.pos, "number %s is too large: TLC accepts integers up to %d in a model file", t.text, math.MaxInt32)
		}
		v = &Int{t.pos, n}
	case tString:
		v = &String{t.pos, t.text}
	case tNegative:
		return nil, errorf(t.pos, "negative number %s: TLC does not accept negative numbers in a model file; define it in the module (e.g. MinusThree == %s) and write C <- MinusThree", t.text, t.text)
	case tIdent:
		switch {
		case t.text == "TRUE" || t.text == "FALSE":
			v = &Bool{t.pos, t.text == "TRUE"}
		case isKeyword(t.text):
			return nil, errorf(t.pos, "missing value: found keyword %s", t.text)
		default:
			v = &ModelValue{t.pos, t.text}
		}
	case tPunct:
		if t.text == "{" {
			return p.set(depth)
		}
	case tOther:
		if t.text == "<<" {
			return nil, errorf(t.pos, "tuples are not allowed in a TLC model file; define the value in the module and write C <- Def")
		}
	case tEOF:
		return nil, errorf(t.pos, "missing value: found end of file")
	}
	if v == nil {
		return nil, errorf(t.pos, "expected a value (number, string, TRUE, FALSE, model value or {set}), found %s", t.describe())
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	return v, nil
}

func (p *parser) set(depth int) (Value, *Error) {
	s := &Set{Start: p.tok.pos}
	if depth >= maxSetDepth {
		return nil, errorf(s.Start, "sets nested more than %d deep", maxSetDepth)
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.isPunct("}") {
		s.Elems = []Value{}
		return s, p.next()
	}
	for {
		e, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		s.Elems = append(s.Elems, e)
		switch {
		case p.isPunct(","):
			if err := p.next(); err != nil {
				return nil, err
			}
			continue
		case p.isPunct("}"):
			return s, p.next()
		}
		return nil, errorf(p.tok.pos, "expected , or } in the set opened at %s, found %s", s.Start, p.tok.describe())
	}
}

// Validate checks the conditions that TLC imposes on a configuration as a
// whole rather than on its syntax: INIT and NEXT come together, not with
// SPECIFICATION, and no constant is given twice (same name, module and
// arguments). It does not require a behaviour specification, nor check
// names against a module. All problems are returned, joined.
func (c *Config) Validate() error {
	var errs []error
	add := func(pos Pos, format string, args ...any) {
		errs = append(errs, &Error{Filename: c.Filename, Pos: pos, Msg: fmt.Sprintf(format, args...)})
	}
	switch {
	case c.Init != nil && c.Next == nil:
		add(c.Init.Pos, "INIT %s is given without NEXT", c.Init.Name)
	case c.Next != nil && c.Init == nil:
		add(c.Next.Pos, "NEXT %s is given without INIT", c.Next.Name)
	}
	if c.Specification != nil && (c.Init != nil || c.Next != nil) {
		add(c.Specification.Pos, "SPECIFICATION is given together with INIT/NEXT: give one or the other")
	}
	seen := map[string]Pos{}
	for _, k := range c.Constants {
		key := k.Name.Name
		if k.Module != nil {
			key = "[" + k.Module.Name + "]" + key
		}
		if len(k.Args) > 0 {
			key += "(" + (&Set{Elems: k.Args}).String() + ")"
		}
		if first, ok := seen[key]; ok {
			add(k.Name.Pos, "constant %s is given twice (first at %s)", k.Name.Name, first)
			continue
		}
		seen[key] = k.Name.Pos
	}
	return errors.Join(errs...)
}
