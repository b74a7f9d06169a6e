package parser

import (
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// proofWords start units that are kept as text (theorems and proof commands).
func proofWord(t *tok) string {
	switch t.kind {
	case token.THEOREM:
		return "THEOREM"
	case token.IDENT:
		switch t.lit {
		case "LEMMA", "COROLLARY", "PROPOSITION", "PROOF", "USE", "HIDE":
			return t.lit
		}
	}
	return ""
}

// startsLine reports whether the token at index i is the first on its line.
func (p *parser) startsLine(k int) bool {
	j := p.i + k
	if j == 0 {
		return true
	}
	if j-1 < len(p.toks) {
		return p.toks[j-1].line < p.at(k).line
	}
	return true
}

// isUnitStart reports whether the current token begins a unit.
func (p *parser) isUnitStart() bool {
	t := p.tok()
	switch t.kind {
	case token.SEPARATOR, token.MODULEEND, token.CONSTANT, token.CONSTANTS, token.VARIABLE,
		token.VARIABLES, token.ASSUME, token.ASSUMPTION, token.AXIOM, token.THEOREM,
		token.RECURSIVE, token.LOCAL, token.INSTANCE, token.EOF:
		return true
	}
	if proofWord(t) != "" && p.at(1).kind != token.DEFEQ && p.at(1).kind != token.LPAREN {
		return true
	}
	return p.defHeadLen() > 0
}

// defHeadLen returns the number of tokens of a definition head ending in "==" at the
// current token (Name ==, Name(params) ==, f[bounds] ==, a + b ==, -a ==, a^+ ==), else 0.
func (p *parser) defHeadLen() int {
	t0, t1 := p.at(0), p.at(1)
	switch t0.kind {
	case token.IDENT:
		switch t1.kind {
		case token.DEFEQ:
			return 2
		case token.LPAREN, token.LBRACK:
			closeK := token.RPAREN
			if t1.kind == token.LBRACK {
				closeK = token.RBRACK
			}
			depth := 0
			for k := 1; k < lookaheadLimit; k++ {
				switch p.at(k).kind {
				case token.LPAREN, token.LBRACK, token.LBRACE, token.LTUPLE:
					depth++
				case token.RPAREN, token.RBRACK, token.RBRACE, token.RTUPLE:
					depth--
					if depth == 0 {
						if p.at(k).kind == closeK && p.at(k+1).kind == token.DEFEQ {
							return k + 2
						}
						return 0
					}
				case token.EOF, token.DEFEQ, token.SEPARATOR, token.MODULEEND:
					return 0
				}
			}
		case token.OP:
			if _, ok := token.InfixInfo(t1.lit); ok && p.at(2).kind == token.IDENT && p.at(3).kind == token.DEFEQ {
				return 4
			}
			if _, ok := token.PostfixInfo(t1.lit); ok && p.at(2).kind == token.DEFEQ {
				return 3
			}
		}
	case token.OP:
		if _, ok := token.PrefixInfo(t0.lit); ok && t1.kind == token.IDENT && p.at(2).kind == token.DEFEQ {
			return 3
		}
	}
	return 0
}

// sync skips to the start of the next unit after an error.
func (p *parser) sync() {
	p.bad = false
	p.jcol = 0
	p.depth = 0
	p.inExc = 0
	for {
		if p.tok().kind == token.EOF {
			return
		}
		if p.startsLine(0) && p.isUnitStart() {
			return
		}
		p.next()
	}
}

// parseModule parses "---- MODULE Name ---- ... ====". At EOF without "====" it reports an error
// unless openEnd is set (parsing stopped at a translation marker).
func (p *parser) parseModule(openEnd bool) *ast.Module {
	m := &ast.Module{}
	hdr := p.tok()
	m.Header = p.pos(hdr.off)
	if hdr.kind != token.SEPARATOR {
		p.errorExpected("module header ---- MODULE Name ----")
		return nil
	}
	p.next()
	p.expect(token.MODULE)
	m.Name = p.parseIdent()
	p.expect(token.SEPARATOR)
	if p.bad {
		return nil
	}
	if p.k() == token.EXTENDS {
		p.next()
		for !p.bad {
			m.Extends = append(m.Extends, p.parseIdent())
			if !p.got(token.COMMA) {
				break
			}
		}
		if p.bad {
			p.sync()
		}
	}
	for {
		t := p.tok()
		if t.kind == token.MODULEEND {
			p.next()
			m.EndPos = p.pos(t.end)
			return m
		}
		if t.kind == token.EOF {
			m.EndPos = p.pos(t.off)
			if !openEnd {
				p.errorAt(t.off, "missing ==== at the end of module "+m.Name.Name)
			}
			return m
		}
		start := p.i
		if u := p.parseUnit(); u != nil && !p.bad {
			m.Units = append(m.Units, u)
		}
		if p.bad {
			p.sync()
		}
		if p.i == start { // no progress: skip the token
			p.next()
		}
	}
}

// parseUnit parses one module unit.
func (p *parser) parseUnit() ast.Unit {
	t := p.tok()
	if w := proofWord(t); w != "" && p.at(1).kind != token.DEFEQ && !(w != "THEOREM" && p.at(1).kind == token.LPAREN) {
		return p.parseTheorem(w)
	}
	switch t.kind {
	case token.SEPARATOR:
		p.next()
		if p.k() == token.MODULE {
			p.i--
			return p.parseModule(false)
		}
		return &ast.Separator{SepPos: p.pos(t.off), Len: int(t.end - t.off)}
	case token.CONSTANT, token.CONSTANTS:
		p.next()
		d := &ast.ConstantDecl{Keyword: p.pos(t.off), Plural: t.kind == token.CONSTANTS}
		d.Decls = p.parseOpDecls()
		return d
	case token.VARIABLE, token.VARIABLES:
		p.next()
		d := &ast.VariableDecl{Keyword: p.pos(t.off), Plural: t.kind == token.VARIABLES}
		for !p.bad {
			d.Names = append(d.Names, p.parseIdent())
			if !p.got(token.COMMA) {
				break
			}
		}
		return d
	case token.RECURSIVE:
		return p.parseRecursive()
	case token.ASSUME, token.ASSUMPTION, token.AXIOM:
		p.next()
		a := &ast.Assume{Keyword: p.pos(t.off), Kind: t.kind.String()}
		if p.k() == token.IDENT && p.at(1).kind == token.DEFEQ {
			a.Name = p.parseIdent()
			p.next()
		}
		a.Expr = p.parseExpr()
		return a
	case token.LOCAL:
		p.next()
		if p.k() == token.INSTANCE {
			inst := p.parseInstance()
			inst.Local, inst.Start = true, p.pos(t.off)
			return inst
		}
		return p.parseDefinition(true, t.off)
	case token.INSTANCE:
		return p.parseInstance()
	}
	return p.parseDefinition(false, t.off)
}

func (p *parser) parseTheorem(kind string) ast.Unit {
	t := p.next()
	th := &ast.Theorem{Keyword: p.pos(t.off), Kind: kind}
	if p.tok().kind == token.IDENT && p.at(1).kind == token.DEFEQ {
		th.Name = p.ident(p.next())
		p.next()
	}
	end := t.end
	for {
		c := p.tok()
		if c.kind == token.EOF || (p.startsLine(0) && p.isUnitStart()) {
			break
		}
		if c.kind == token.ILLEGAL {
			p.errorAt(c.off, c.lit)
			break
		}
		end = c.end
		p.next()
	}
	th.Text = strings.TrimSpace(string(p.src[t.off:end]))
	th.EndPos = p.pos(end)
	return th
}

// parseOpDecls parses the declarations of CONSTANT and RECURSIVE: C, F(_, _), _ + _, - _, _ ^+.
func (p *parser) parseOpDecls() []*ast.OpDecl {
	var list []*ast.OpDecl
	for !p.bad {
		t := p.tok()
		d := &ast.OpDecl{Start: p.pos(t.off)}
		switch {
		case t.kind == token.UNDERSCORE && p.at(1).kind == token.OP && p.at(2).kind == token.UNDERSCORE:
			p.next()
			op := p.next()
			u := p.next()
			d.Name, d.Fix, d.Arity, d.EndPos = p.ident(op), token.Infix, 2, p.pos(u.end)
		case t.kind == token.UNDERSCORE && p.at(1).kind == token.OP:
			p.next()
			op := p.next()
			d.Name, d.Fix, d.Arity, d.EndPos = p.ident(op), token.Postfix, 1, p.pos(op.end)
		case t.kind == token.OP && p.at(1).kind == token.UNDERSCORE:
			op := p.next()
			u := p.next()
			d.Name, d.Fix, d.Arity, d.EndPos = p.ident(op), token.Prefix, 1, p.pos(u.end)
		default:
			d.Name = p.parseIdent()
			d.EndPos = d.Name.End()
			if p.k() == token.LPAREN {
				p.next()
				for !p.bad {
					p.expect(token.UNDERSCORE)
					d.Arity++
					if !p.got(token.COMMA) {
						break
					}
				}
				rp := p.expect(token.RPAREN)
				d.EndPos = p.pos(rp.end)
			}
		}
		list = append(list, d)
		if !p.got(token.COMMA) {
			break
		}
	}
	return list
}

func (p *parser) parseRecursive() ast.Unit {
	t := p.next()
	return &ast.Recursive{Keyword: p.pos(t.off), Decls: p.parseOpDecls()}
}

func (p *parser) parseInstance() *ast.Instance {
	t := p.expect(token.INSTANCE)
	inst := &ast.Instance{Start: p.pos(t.off)}
	inst.Module = p.parseIdent()
	inst.EndPos = inst.Module.End()
	if p.k() == token.WITH {
		p.next()
		for !p.bad {
			nt := p.tok()
			if p.k() != token.IDENT && p.k() != token.OP {
				p.errorExpected("name to substitute")
				break
			}
			p.next()
			p.expect(token.LARROW)
			var v ast.Expr
			if vt := p.tok(); vt.kind == token.OP && (p.at(1).kind == token.COMMA || p.at(1).kind != token.IDENT && !isExprStart(p.at(1))) {
				p.next()
				v = p.ident(*vt)
			} else {
				v = p.parseExpr()
			}
			inst.Substs = append(inst.Substs, &ast.Substitution{Name: p.ident(*nt), Value: v})
			inst.EndPos = v.End()
			if !p.got(token.COMMA) {
				break
			}
		}
	}
	return inst
}

// isExprStart reports whether a token can begin an expression operand.
func isExprStart(t *tok) bool {
	switch t.kind {
	case token.IDENT, token.NUMBER, token.STRING, token.LPAREN, token.LBRACK, token.LBRACE,
		token.LTUPLE, token.FORALL, token.EXISTS, token.CHOOSE, token.IF, token.CASE, token.LET:
		return true
	}
	return false
}

// parseOpParams parses "(x, F(_, _), ...)" of a definition head.
func (p *parser) parseOpParams() []*ast.OpParam {
	p.expect(token.LPAREN)
	var params []*ast.OpParam
	for !p.bad {
		t := p.tok()
		op := &ast.OpParam{}
		switch {
		case t.kind == token.UNDERSCORE && p.at(1).kind == token.OP && p.at(2).kind == token.UNDERSCORE:
			p.next()
			s := p.next()
			u := p.next()
			op.Name, op.Arity, op.EndPos = p.ident(s), 2, p.pos(u.end)
		case t.kind == token.OP && p.at(1).kind == token.UNDERSCORE:
			s := p.next()
			u := p.next()
			op.Name, op.Arity, op.EndPos = p.ident(s), 1, p.pos(u.end)
		default:
			op.Name = p.parseIdent()
			op.EndPos = op.Name.End()
			if p.k() == token.LPAREN {
				p.next()
				for !p.bad {
					p.expect(token.UNDERSCORE)
					op.Arity++
					if !p.got(token.COMMA) {
						break
					}
				}
				rp := p.expect(token.RPAREN)
				op.EndPos = p.pos(rp.end)
			}
		}
		params = append(params, op)
		if !p.got(token.COMMA) {
			break
		}
	}
	p.expect(token.RPAREN)
	return params
}

// parseDefinition parses an operator, function or module definition.
func (p *parser) parseDefinition(local bool, start int32) ast.Unit {
	spos := p.pos(start)
	t0, t1 := p.tok(), p.at(1)
	if p.defHeadLen() == 0 {
		p.errorExpected("definition")
		return nil
	}
	switch {
	case t0.kind == token.OP: // prefix operator definition: -. a == e, ~ a == e
		op := p.next()
		arg := p.parseIdent()
		p.expect(token.DEFEQ)
		return &ast.OpDef{Local: local, Start: spos, Fix: token.Prefix, Name: p.ident(op),
			Params: []*ast.OpParam{{Name: arg, EndPos: arg.End()}}, Body: p.parseExpr()}
	case t1.kind == token.OP: // infix a + b == e or postfix a ^+ == e
		a := p.parseIdent()
		op := p.next()
		d := &ast.OpDef{Local: local, Start: spos, Name: p.ident(op)}
		if p.k() == token.IDENT {
			b := p.parseIdent()
			d.Fix = token.Infix
			d.Params = []*ast.OpParam{{Name: a, EndPos: a.End()}, {Name: b, EndPos: b.End()}}
		} else {
			d.Fix = token.Postfix
			d.Params = []*ast.OpParam{{Name: a, EndPos: a.End()}}
		}
		p.expect(token.DEFEQ)
		d.Body = p.parseExpr()
		return d
	case t1.kind == token.LBRACK:
		name := p.parseIdent()
		p.next()
		var bounds []*ast.Bound
		p.inBrackets(func() {
			bounds = p.parseBounds()
			p.expect(token.RBRACK)
		})
		for _, b := range bounds {
			if b.Set == nil && !p.bad {
				p.errorAt(int32(p.file.Offset(b.End())), "expected \\in in function definition")
			}
		}
		p.expect(token.DEFEQ)
		return &ast.FuncDef{Local: local, Start: spos, Name: name, Bounds: bounds, Body: p.parseExpr()}
	}
	name := p.parseIdent()
	var params []*ast.OpParam
	if p.k() == token.LPAREN {
		params = p.parseOpParams()
	}
	p.expect(token.DEFEQ)
	if p.k() == token.INSTANCE {
		inst := p.parseInstance()
		return &ast.ModuleDef{Local: local, Start: spos, Name: name, Params: params, Instance: inst}
	}
	return &ast.OpDef{Local: local, Start: spos, Name: name, Params: params, Body: p.parseExpr()}
}
