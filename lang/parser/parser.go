package parser

import (
	"fmt"
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// maxDepth bounds expression and statement nesting so that hostile input cannot exhaust the
// stack.
const maxDepth = 1000

// lookaheadLimit bounds how far a definition head is scanned.
const lookaheadLimit = 256

// parser holds the state of one parse over a region of a file.
type parser struct {
	file  *token.File
	src   []byte
	sc    *scanner
	toks  []tok
	i     int // index of the current token
	errs  token.ErrorList
	bad   bool  // an error in the current unit/statement: parse functions unwind quickly
	jcol  int32 // bullet column of the innermost junction item (0: none)
	pcal  bool  // PlusCal expression context: || and := end an expression
	depth int
	inExc int // depth of EXCEPT update values (where @ is legal)
}

func newParser(file *token.File, src []byte, start, end int, pcal bool) *parser {
	sc := newScanner(src, start, end, pcal)
	// about one token per five bytes: growing the slice instead costs more than the parse
	return &parser{file: file, src: src, sc: sc, toks: make([]tok, 0, (sc.end-sc.off)/5+16)}
}

// at returns the token i places after the current one, without junction filtering.
func (p *parser) at(k int) *tok {
	j := p.i + k
	for len(p.toks) <= j {
		if n := len(p.toks); n > 0 && p.toks[n-1].kind == token.EOF {
			p.toks = append(p.toks, p.toks[n-1])
			continue
		}
		p.toks = append(p.toks, p.sc.next())
	}
	return &p.toks[j]
}

// tok returns the current token.
func (p *parser) tok() *tok { return p.at(0) }

// k returns the kind of the current token, or EOF when the token is at or left of the bullet
// column of the junction item being parsed (it then belongs to an enclosing construct).
func (p *parser) k() token.Kind {
	t := p.at(0)
	if p.jcol > 0 && t.col <= p.jcol {
		return token.EOF
	}
	return t.kind
}

// isOp reports whether the current (visible) token is the operator symbol sym.
func (p *parser) isOp(sym string) bool { return p.k() == token.OP && p.tok().lit == sym }

// isWord reports whether the current visible token is the identifier w (PlusCal keywords).
func (p *parser) isWord(w string) bool { return p.k() == token.IDENT && p.tok().lit == w }

func (p *parser) next() tok {
	t := *p.at(0)
	if t.kind != token.EOF {
		p.i++
	}
	return t
}

func (p *parser) pos(off int32) token.Pos { return p.file.Pos(int(off)) }

// describe renders a token for messages.
func (p *parser) describe(t *tok) string {
	if t.kind == token.EOF && int(t.off)+2 <= len(p.src) && string(p.src[t.off:t.off+2]) == "*)" {
		return `"*)" (end of the comment)`
	}
	return describe(t)
}

func describe(t *tok) string {
	switch t.kind {
	case token.EOF:
		return "end of input"
	case token.ILLEGAL:
		return "illegal token"
	case token.IDENT, token.NUMBER, token.STRING, token.OP:
		return fmt.Sprintf("%q", t.lit)
	}
	return fmt.Sprintf("%q", t.kind.String())
}

// errorAt records an error at a byte offset (only the first of a unit: the rest would be
// consequences) and puts the parser in bail-out state.
func (p *parser) errorAt(off int32, msg string) {
	if p.bad {
		return
	}
	p.bad = true
	p.errs.Add(p.file.Position(p.pos(off)), msg)
}

// errorf reports at the current token; an ILLEGAL token reports its own message.
func (p *parser) errorf(format string, args ...any) {
	t := p.tok()
	if t.kind == token.ILLEGAL {
		p.errorAt(t.off, t.lit)
		return
	}
	p.errorAt(t.off, fmt.Sprintf(format, args...))
}

func (p *parser) errorExpected(what string) {
	t := p.tok()
	if p.k() == token.EOF && t.kind != token.EOF {
		p.errorf("expected %s, found %s (left of the junction bullet above)", what, p.describe(t))
		return
	}
	p.errorf("expected %s, found %s", what, p.describe(t))
}

// expect consumes a token of kind k or reports an error.
func (p *parser) expect(k token.Kind) tok {
	if p.k() != k {
		p.errorExpected(fmt.Sprintf("%q", k.String()))
		return *p.tok()
	}
	return p.next()
}

func (p *parser) got(k token.Kind) bool {
	if p.k() == k {
		p.next()
		return true
	}
	return false
}

func (p *parser) badExpr() *ast.BadExpr {
	t := p.tok()
	return &ast.BadExpr{From: p.pos(t.off), To: p.pos(t.end)}
}

func (p *parser) ident(t tok) *ast.Ident { return &ast.Ident{NamePos: p.pos(t.off), Name: t.lit} }

func (p *parser) parseIdent() *ast.Ident {
	t := p.tok()
	if p.k() != token.IDENT {
		p.errorExpected("identifier")
		return &ast.Ident{NamePos: p.pos(t.off), Name: "_"}
	}
	p.next()
	return p.ident(*t)
}

func (p *parser) enter() bool {
	p.depth++
	if p.depth > maxDepth {
		p.errorf("nesting too deep")
		return false
	}
	return true
}

func (p *parser) leave() { p.depth-- }

// ---------------------------------------------------------------------------------------------
// Expressions

func (p *parser) parseExpr() ast.Expr { return p.parseBinary(0, token.MaxPrec+4) }

// parseBinary is precedence climbing as in mpcal.md §3.2: an infix operator is accepted only if
// its range lies within [min, max]; after a non-associative operator (or a different
// left-associative one) the maximum drops below it, so mixing operators of overlapping
// precedence needs parentheses.
func (p *parser) parseBinary(min, max int) ast.Expr {
	if p.bad || !p.enter() {
		return p.badExpr()
	}
	defer p.leave()
	x, capMax := p.parseOperand()
	if capMax < max {
		max = capMax
	}
	last := ""
	for !p.bad && p.k() == token.OP {
		t := p.tok()
		sym := t.lit
		if p.pcal && (sym == "||" || sym == ":=") {
			break
		}
		if info, ok := token.PostfixInfo(sym); ok {
			if info.Low < min || info.High > max {
				if info.Low >= min {
					p.errorf("operator %s conflicts with the operator before it; add parentheses", sym)
				}
				break
			}
			p.next()
			// x'[i] and x'.f apply to the primed value (the translator writes v'[self])
			x = p.parsePostfixApps(&ast.OpApp{Fix: token.Postfix, Op: p.ident(*t), Args: []ast.Expr{x}})
			continue
		}
		info, ok := token.InfixInfo(sym)
		if !ok {
			break // a prefix-only symbol such as ~ or <>: not ours
		}
		canon := token.Canonical(sym, token.Infix)
		if info.Low < min {
			break
		}
		if info.High > max && !(info.Left && canon == last) {
			p.errorf("operator %s conflicts with the operator before it; add parentheses", sym)
			break
		}
		if canon == `\X` {
			x = p.parseCross(x)
			last, max = "", info.Low-1
			continue
		}
		p.next()
		y := p.parseBinary(info.High+1, token.MaxPrec+4)
		x = &ast.OpApp{Fix: token.Infix, Op: p.ident(*t), Args: []ast.Expr{x, y}}
		if info.Left {
			last = canon
		} else {
			last = ""
		}
		max = info.Low - 1
	}
	return x
}

func (p *parser) parseCross(first ast.Expr) ast.Expr {
	c := &ast.CrossExpr{Factors: []ast.Expr{first}}
	for !p.bad && p.k() == token.OP && token.Canonical(p.tok().lit, token.Infix) == `\X` {
		t := p.next()
		c.Ops = append(c.Ops, p.ident(t))
		c.Factors = append(c.Factors, p.parseBinary(14, token.MaxPrec+4))
	}
	return c
}

// prefixSym returns the prefix operator spelled by the current token, if any.
func (p *parser) prefixSym() (string, bool) {
	t := p.tok()
	switch p.k() {
	case token.OP:
		if _, ok := token.PrefixInfo(t.lit); ok {
			return t.lit, true
		}
	case token.BOX:
		return "[]", true
	case token.ENABLED, token.UNCHANGED, token.SUBSET, token.UNION, token.DOMAIN:
		return t.kind.String(), true
	}
	return "", false
}

// parseOperand parses prefix operators, a primary, and function applications / field
// selections. capMax is the precedence ceiling the operand imposes on following infix
// operators (a prefix operator's low precedence minus one).
func (p *parser) parseOperand() (ast.Expr, int) {
	if p.k() == token.OP && (p.tok().lit == `/\` || p.tok().lit == `\/` ||
		p.tok().lit == `\land` || p.tok().lit == `\lor`) {
		return p.parseJunction(), token.MaxPrec + 4
	}
	if sym, ok := p.prefixSym(); ok {
		t := p.next()
		info, _ := token.PrefixInfo(sym)
		op := &ast.Ident{NamePos: p.pos(t.off), Name: sym}
		y := p.parseBinary(info.High+1, token.MaxPrec+4)
		return &ast.OpApp{Fix: token.Prefix, Op: op, Args: []ast.Expr{y}}, info.Low - 1
	}
	return p.parsePostfixApps(p.parsePrimary()), token.MaxPrec + 4
}

func (p *parser) parsePostfixApps(x ast.Expr) ast.Expr {
	for !p.bad {
		switch p.k() {
		case token.LBRACK:
			lb := p.next()
			args, rb := p.parseExprList(token.RBRACK)
			x = &ast.FuncApp{Func: x, Lbrack: p.pos(lb.off), Args: args, Rbrack: p.pos(rb.off)}
		case token.DOT:
			p.next()
			if p.k() != token.IDENT && !p.tok().kind.IsKeyword() {
				p.errorExpected("field name")
				return x
			}
			f := p.next()
			x = &ast.FieldAccess{X: x, Field: p.ident(f)}
		default:
			return x
		}
	}
	return x
}

// inBrackets runs f with the junction column cleared: bullets inside brackets start afresh.
func (p *parser) inBrackets(f func()) {
	saved := p.jcol
	p.jcol = 0
	f()
	p.jcol = saved
}

// parseExprList parses e1, ..., en up to the closing token (which must follow).
func (p *parser) parseExprList(close token.Kind) (list []ast.Expr, end tok) {
	p.inBrackets(func() {
		for !p.bad {
			list = append(list, p.parseExpr())
			if !p.got(token.COMMA) {
				break
			}
		}
		end = p.expect(close)
	})
	return list, end
}

func (p *parser) parseJunction() ast.Expr {
	first := p.tok()
	kind := ast.Conj
	if token.Canonical(first.lit, token.Infix) == `\/` {
		kind = ast.Disj
	}
	col := first.col
	list := &ast.JunctionList{Kind: kind, Column: int(col)}
	saved := p.jcol
	for !p.bad {
		t := p.tok()
		if t.kind != token.OP || t.col != col || token.Canonical(t.lit, token.Infix) != kind.Bullet() ||
			(saved > 0 && t.col <= saved) {
			break
		}
		p.next()
		list.Bullets = append(list.Bullets, p.pos(t.off))
		p.jcol = col
		list.Items = append(list.Items, p.parseExpr())
		p.jcol = saved
	}
	p.jcol = saved
	if len(list.Items) == 0 {
		return p.badExpr()
	}
	return list
}

func (p *parser) parsePrimary() ast.Expr {
	if p.bad {
		return p.badExpr()
	}
	t := p.tok()
	switch p.k() {
	case token.IDENT:
		return p.parseName()
	case token.NUMBER:
		p.next()
		return numberLit(p, t)
	case token.STRING:
		p.next()
		return &ast.StringLit{ValuePos: p.pos(t.off), EndPos: p.pos(t.end), Value: unquote(t.lit)}
	case token.LPAREN:
		p.next()
		var x ast.Expr
		var rp tok
		p.inBrackets(func() {
			x = p.parseExpr()
			rp = p.expect(token.RPAREN)
		})
		return &ast.ParenExpr{Lparen: p.pos(t.off), X: x, Rparen: p.pos(rp.off)}
	case token.LBRACE:
		return p.parseBraces()
	case token.LTUPLE:
		return p.parseTuple()
	case token.LBRACK:
		return p.parseBrackets()
	case token.FORALL, token.EXISTS:
		return p.parseQuant()
	case token.TFORALL, token.TEXISTS:
		p.next()
		q := &ast.TemporalQuantExpr{QuantPos: p.pos(t.off), Kind: ast.ForAll}
		if t.kind == token.TEXISTS {
			q.Kind = ast.Exists
		}
		for !p.bad {
			q.Names = append(q.Names, p.parseIdent())
			if !p.got(token.COMMA) {
				break
			}
		}
		p.expect(token.COLON)
		q.Body = p.parseExpr()
		return q
	case token.CHOOSE:
		p.next()
		c := &ast.ChooseExpr{Choose: p.pos(t.off)}
		c.Bound = p.parseBound(true)
		p.expect(token.COLON)
		c.Body = p.parseExpr()
		return c
	case token.IF:
		p.next()
		x := &ast.IfExpr{If: p.pos(t.off)}
		x.Cond = p.parseExpr()
		p.expect(token.THEN)
		x.Then = p.parseExpr()
		p.expect(token.ELSE)
		x.Else = p.parseExpr()
		return x
	case token.CASE:
		return p.parseCase()
	case token.LET:
		return p.parseLet()
	case token.LAMBDA:
		return p.parseLambda()
	case token.WF, token.SF:
		p.next()
		x := &ast.FairnessExpr{KwPos: p.pos(t.off), Kind: ast.WF}
		if t.kind == token.SF {
			x.Kind = ast.SF
		}
		x.Sub = p.parseSubscript()
		lp := p.expect(token.LPAREN)
		x.Lparen = p.pos(lp.off)
		p.inBrackets(func() {
			x.Action = p.parseExpr()
			rp := p.expect(token.RPAREN)
			x.Rparen = p.pos(rp.off)
		})
		return x
	case token.AT:
		p.next()
		if p.inExc == 0 {
			p.errorAt(t.off, "@ used outside an EXCEPT update")
		}
		return &ast.AtExpr{AtPos: p.pos(t.off)}
	case token.DOLLARVAR, token.DOLLARVAL:
		p.next()
		return &ast.SpecialVar{VarPos: p.pos(t.off), Value: t.kind == token.DOLLARVAL}
	}
	p.errorExpected("expression")
	return p.badExpr()
}

func numberLit(p *parser, t *tok) ast.Expr {
	n := &ast.NumberLit{ValuePos: p.pos(t.off), Text: t.lit}
	if strings.HasPrefix(t.lit, `\`) {
		switch t.lit[1] {
		case 'b', 'B':
			n.Kind = ast.Binary
		case 'o', 'O':
			n.Kind = ast.Octal
		default:
			n.Kind = ast.Hex
		}
	} else if strings.Contains(t.lit, ".") {
		n.Kind = ast.Real
	}
	return n
}

// unquote removes the quotes and escapes of a scanned string literal.
func unquote(lit string) string {
	s := lit[1 : len(lit)-1]
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 't':
				c = '\t'
			case 'n':
				c = '\n'
			case 'f':
				c = '\f'
			case 'r':
				c = '\r'
			default:
				c = s[i]
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// parseName parses an identifier, an application Op(args), and M!Op / M(x)!Op(args).
func (p *parser) parseName() ast.Expr {
	t := p.next()
	name := p.ident(t)
	var prefix []*ast.InstanceStep
	for !p.bad {
		var args []ast.Expr
		var lp, rp tok
		hasArgs := p.k() == token.LPAREN
		if hasArgs {
			lp = p.next()
			args, rp = p.parseArgs()
		}
		if p.k() == token.BANG && p.at(1).kind != token.BANG {
			p.next()
			step := &ast.InstanceStep{Name: name, Args: args}
			if hasArgs {
				step.Rparen = p.pos(rp.off)
			}
			prefix = append(prefix, step)
			nt := p.tok()
			switch p.k() {
			case token.IDENT, token.OP:
				p.next()
				name = p.ident(*nt)
			default:
				p.errorExpected("operator name after !")
				return p.badExpr()
			}
			continue
		}
		if !hasArgs && prefix == nil {
			return name
		}
		app := &ast.OpApp{Fix: token.Named, Prefix: prefix, Op: name, Args: args}
		if hasArgs {
			app.Lparen, app.Rparen = p.pos(lp.off), p.pos(rp.off)
		}
		return app
	}
	return p.badExpr()
}

// parseArgs parses operator arguments after "(": expressions, operator symbols and LAMBDAs.
func (p *parser) parseArgs() (args []ast.Expr, rp tok) {
	p.inBrackets(func() {
		for !p.bad {
			args = append(args, p.parseArg())
			if !p.got(token.COMMA) {
				break
			}
		}
		rp = p.expect(token.RPAREN)
	})
	return args, rp
}

func (p *parser) parseArg() ast.Expr {
	t := p.tok()
	if (t.kind == token.OP || t.kind == token.BOX) && (p.at(1).kind == token.COMMA || p.at(1).kind == token.RPAREN) {
		p.next()
		name := t.lit
		if t.kind == token.BOX {
			name = "[]"
		}
		return &ast.Ident{NamePos: p.pos(t.off), Name: name}
	}
	if t.kind == token.LAMBDA {
		return p.parseLambda()
	}
	return p.parseExpr()
}

func (p *parser) parseLambda() ast.Expr {
	t := p.next()
	l := &ast.LambdaExpr{Lambda: p.pos(t.off)}
	for !p.bad {
		l.Params = append(l.Params, p.parseIdent())
		if !p.got(token.COMMA) {
			break
		}
	}
	p.expect(token.COLON)
	l.Body = p.parseExpr()
	return l
}

// parseSubscript parses the v of [A]_v, <<A>>_v, WF_v(A): a name (possibly M!v), a tuple,
// a parenthesised expression, or one of those followed by [i] / .f; never an application.
func (p *parser) parseSubscript() ast.Expr {
	t := p.tok()
	var x ast.Expr
	switch p.k() {
	case token.IDENT:
		p.next()
		x = p.ident(*t)
		var prefix []*ast.InstanceStep
		for p.k() == token.BANG && (p.at(1).kind == token.IDENT) {
			p.next()
			prefix = append(prefix, &ast.InstanceStep{Name: x.(*ast.Ident)})
			x = p.ident(p.next())
		}
		if prefix != nil {
			x = &ast.OpApp{Fix: token.Named, Prefix: prefix, Op: x.(*ast.Ident)}
		}
	case token.LTUPLE, token.LPAREN, token.LBRACE, token.LBRACK:
		x = p.parsePrimary()
	default:
		p.errorExpected("subscript")
		return p.badExpr()
	}
	return p.parsePostfixApps(x)
}

// parseBound parses x, <<a, b>> (when allowTuple) followed by an optional \in S; it is used
// by CHOOSE (one name).
func (p *parser) parseBound(allowTuple bool) *ast.Bound {
	b := &ast.Bound{}
	if p.k() == token.LTUPLE && allowTuple {
		lt := p.next()
		b.Tuple, b.Lt = true, p.pos(lt.off)
		for !p.bad {
			b.Names = append(b.Names, p.parseIdent())
			if !p.got(token.COMMA) {
				break
			}
		}
		gt := p.expect(token.RTUPLE)
		b.Gt = p.pos(gt.off)
	} else {
		b.Names = append(b.Names, p.parseIdent())
	}
	if p.isOp(`\in`) {
		in := p.next()
		b.In = p.pos(in.off)
		b.Set = p.parseExpr()
	}
	return b
}

// parseBounds parses the binders of a quantifier: x, y \in S, <<a, b>> \in T (bounded), or
// x, y (unbounded, when the first name has no \in).
func (p *parser) parseBounds() []*ast.Bound {
	var bounds []*ast.Bound
	for !p.bad {
		b := &ast.Bound{}
		if p.k() == token.LTUPLE {
			b = p.parseBound(true)
			bounds = append(bounds, b)
		} else {
			b.Names = append(b.Names, p.parseIdent())
			for !p.bad && p.k() == token.COMMA && p.at(1).kind == token.IDENT {
				p.next()
				b.Names = append(b.Names, p.parseIdent())
			}
			if p.isOp(`\in`) {
				in := p.next()
				b.In = p.pos(in.off)
				b.Set = p.parseExpr()
			}
			bounds = append(bounds, b)
		}
		if b.Set == nil || !p.got(token.COMMA) {
			break
		}
	}
	if len(bounds) == 0 {
		return []*ast.Bound{{Names: []*ast.Ident{{Name: "_"}}}}
	}
	// bounded and unbounded binders do not mix
	for _, b := range bounds[:len(bounds)-1] {
		if b.Set == nil && !p.bad {
			p.errorAt(int32(p.file.Offset(b.End())), "expected \\in after bound names")
		}
	}
	return bounds
}

func (p *parser) parseQuant() ast.Expr {
	t := p.next()
	q := &ast.QuantExpr{QuantPos: p.pos(t.off), Kind: ast.ForAll}
	if t.kind == token.EXISTS {
		q.Kind = ast.Exists
	}
	q.Bounds = p.parseBounds()
	if len(q.Bounds) > 1 && q.Bounds[len(q.Bounds)-1].Set == nil {
		p.errorExpected(`\in`)
	}
	p.expect(token.COLON)
	q.Body = p.parseExpr()
	return q
}

func (p *parser) parseCase() ast.Expr {
	t := p.next()
	c := &ast.CaseExpr{Case: p.pos(t.off)}
	var box token.Pos
	for !p.bad {
		if p.k() == token.OTHER {
			if len(c.Arms) == 0 {
				p.errorExpected("CASE arm")
				break
			}
			o := p.next()
			c.OtherPos = p.pos(o.off)
			p.expect(token.ARROW)
			c.Other = p.parseExpr()
			break
		}
		arm := &ast.CaseArm{Box: box}
		arm.Cond = p.parseExpr()
		p.expect(token.ARROW)
		arm.Value = p.parseExpr()
		c.Arms = append(c.Arms, arm)
		if p.k() != token.BOX {
			break
		}
		b := p.next()
		box = p.pos(b.off)
	}
	if len(c.Arms) == 0 {
		return p.badExpr()
	}
	return c
}

func (p *parser) parseLet() ast.Expr {
	t := p.next()
	l := &ast.LetExpr{Let: p.pos(t.off)}
	for !p.bad && p.k() != token.IN {
		var u ast.Unit
		if p.k() == token.RECURSIVE {
			u = p.parseRecursive()
		} else {
			u = p.parseDefinition(false, p.tok().off)
		}
		if u == nil {
			break
		}
		l.Defs = append(l.Defs, u)
	}
	if len(l.Defs) == 0 && !p.bad {
		p.errorExpected("definition")
	}
	in := p.expect(token.IN)
	l.In = p.pos(in.off)
	l.Body = p.parseExpr()
	return l
}

func (p *parser) parseTuple() ast.Expr {
	lt := p.next()
	tu := &ast.TupleExpr{Lt: p.pos(lt.off)}
	var gt tok
	p.inBrackets(func() {
		if p.k() != token.RTUPLE && p.k() != token.RTUPLESUB {
			for !p.bad {
				tu.Elems = append(tu.Elems, p.parseExpr())
				if !p.got(token.COMMA) {
					break
				}
			}
		}
		if p.k() == token.RTUPLESUB {
			gt = p.next()
			return
		}
		gt = p.expect(token.RTUPLE)
	})
	tu.Gt = p.pos(gt.off)
	if gt.kind == token.RTUPLESUB {
		if len(tu.Elems) != 1 {
			p.errorAt(gt.off, "<<A>>_v needs exactly one action")
			return p.badExpr()
		}
		return &ast.SubscriptExpr{Kind: ast.AngleAction, Open: tu.Lt, Action: tu.Elems[0], Sub: p.parseSubscript()}
	}
	return tu
}

// boundOf converts "x \in S" / "<<a, b>> \in S" parsed as an expression into a binder.
func boundOf(e ast.Expr) (*ast.Bound, bool) {
	app, ok := e.(*ast.OpApp)
	if !ok || app.Fix != token.Infix || app.Op.Name != `\in` {
		return nil, false
	}
	b := &ast.Bound{In: app.Op.NamePos, Set: app.Args[1]}
	switch l := app.Args[0].(type) {
	case *ast.Ident:
		b.Names = []*ast.Ident{l}
	case *ast.TupleExpr:
		if len(l.Elems) == 0 {
			return nil, false
		}
		b.Tuple, b.Lt, b.Gt = true, l.Lt, l.Gt
		for _, x := range l.Elems {
			id, ok := x.(*ast.Ident)
			if !ok {
				return nil, false
			}
			b.Names = append(b.Names, id)
		}
	default:
		return nil, false
	}
	return b, true
}

// boundsOf groups "x, y \in S, z \in T" parsed as expressions into binders.
func boundsOf(list []ast.Expr) ([]*ast.Bound, bool) {
	var out []*ast.Bound
	var pending []*ast.Ident
	for _, e := range list {
		if id, ok := e.(*ast.Ident); ok {
			pending = append(pending, id)
			continue
		}
		b, ok := boundOf(e)
		if !ok || (b.Tuple && len(pending) > 0) {
			return nil, false
		}
		b.Names = append(pending, b.Names...)
		pending = nil
		out = append(out, b)
	}
	return out, len(pending) == 0 && len(out) > 0
}

func (p *parser) parseBraces() ast.Expr {
	lb := p.next()
	var x ast.Expr
	p.inBrackets(func() {
		if p.k() == token.RBRACE {
			rb := p.next()
			x = &ast.SetEnum{Lbrace: p.pos(lb.off), Rbrace: p.pos(rb.off)}
			return
		}
		first := p.parseExpr()
		if p.k() == token.COLON {
			p.next()
			if b, ok := boundOf(first); ok {
				pred := p.parseExpr()
				rb := p.expect(token.RBRACE)
				x = &ast.SetFilter{Lbrace: p.pos(lb.off), Bound: b, Pred: pred, Rbrace: p.pos(rb.off)}
				return
			}
			bounds := p.parseBounds()
			for _, b := range bounds {
				if b.Set == nil && !p.bad {
					p.errorAt(int32(p.file.Offset(b.Pos())), "expected \\in in set comprehension binder")
				}
			}
			rb := p.expect(token.RBRACE)
			x = &ast.SetMap{Lbrace: p.pos(lb.off), Elem: first, Bounds: bounds, Rbrace: p.pos(rb.off)}
			return
		}
		elems := []ast.Expr{first}
		for !p.bad && p.got(token.COMMA) {
			elems = append(elems, p.parseExpr())
		}
		rb := p.expect(token.RBRACE)
		x = &ast.SetEnum{Lbrace: p.pos(lb.off), Elems: elems, Rbrace: p.pos(rb.off)}
	})
	return x
}

// parseBrackets parses every form that starts with "[".
func (p *parser) parseBrackets() ast.Expr {
	lb := p.next()
	lpos := p.pos(lb.off)
	var x ast.Expr
	p.inBrackets(func() {
		switch {
		case p.k() == token.RBRACK:
			rb := p.next()
			x = &ast.RecordExpr{Lbrack: lpos, Rbrack: p.pos(rb.off)}
			return
		case (p.k() == token.IDENT || p.tok().kind.IsKeyword()) && p.at(1).kind == token.MAPSTO:
			x = p.parseRecord(lpos, token.MAPSTO)
			return
		case (p.k() == token.IDENT || p.tok().kind.IsKeyword()) && p.at(1).kind == token.COLON:
			x = p.parseRecord(lpos, token.COLON)
			return
		}
		first := p.parseExpr()
		switch p.k() {
		case token.ARROW:
			p.next()
			rng := p.parseExpr()
			rb := p.expect(token.RBRACK)
			x = &ast.FuncSet{Lbrack: lpos, Dom: first, Range: rng, Rbrack: p.pos(rb.off)}
		case token.EXCEPT:
			x = p.parseExcept(lpos, first)
		case token.RBRACKSUB:
			p.next()
			x = &ast.SubscriptExpr{Kind: ast.BoxAction, Open: lpos, Action: first, Sub: p.parseSubscript()}
		case token.COMMA, token.MAPSTO:
			list := []ast.Expr{first}
			for !p.bad && p.got(token.COMMA) {
				list = append(list, p.parseExpr())
			}
			mp := p.expect(token.MAPSTO)
			bounds, ok := boundsOf(list)
			if !ok && !p.bad {
				p.errorAt(mp.off, "expected x \\in S binders before |->")
			}
			body := p.parseExpr()
			rb := p.expect(token.RBRACK)
			x = &ast.FuncConstr{Lbrack: lpos, Bounds: bounds, Body: body, Rbrack: p.pos(rb.off)}
		default:
			p.errorExpected(`"->", "|->", "EXCEPT" or "]_"`)
			x = p.badExpr()
		}
	})
	return x
}

func (p *parser) parseRecord(lpos token.Pos, sep token.Kind) ast.Expr {
	var fields []*ast.FieldInit
	for !p.bad {
		t := p.tok()
		if p.k() != token.IDENT && !t.kind.IsKeyword() {
			p.errorExpected("field name")
			break
		}
		p.next()
		p.expect(sep)
		fields = append(fields, &ast.FieldInit{Name: p.ident(*t), Value: p.parseExpr()})
		if !p.got(token.COMMA) {
			break
		}
	}
	rb := p.expect(token.RBRACK)
	if sep == token.MAPSTO {
		return &ast.RecordExpr{Lbrack: lpos, Fields: fields, Rbrack: p.pos(rb.off)}
	}
	return &ast.RecordSet{Lbrack: lpos, Fields: fields, Rbrack: p.pos(rb.off)}
}

func (p *parser) parseExcept(lpos token.Pos, f ast.Expr) ast.Expr {
	p.next() // EXCEPT
	x := &ast.ExceptExpr{Lbrack: lpos, Func: f}
	for !p.bad {
		bang := p.expect(token.BANG)
		u := &ast.ExceptUpdate{Bang: p.pos(bang.off)}
		for !p.bad {
			if p.k() == token.DOT {
				d := p.next()
				ft := p.tok()
				if p.k() != token.IDENT && !ft.kind.IsKeyword() {
					p.errorExpected("field name")
					break
				}
				p.next()
				u.Path = append(u.Path, &ast.ExceptPath{Start: p.pos(d.off), Field: p.ident(*ft)})
				continue
			}
			if p.k() == token.LBRACK {
				lb := p.next()
				args, rb := p.parseExprList(token.RBRACK)
				u.Path = append(u.Path, &ast.ExceptPath{Start: p.pos(lb.off), Args: args, Rbrack: p.pos(rb.off)})
				continue
			}
			break
		}
		if len(u.Path) == 0 {
			p.errorExpected(`"[" or "." after !`)
		}
		if !p.isOp("=") {
			p.errorExpected(`"="`)
		}
		p.next()
		p.inExc++
		u.Value = p.parseExpr()
		p.inExc--
		x.Updates = append(x.Updates, u)
		if !p.got(token.COMMA) {
			break
		}
	}
	rb := p.expect(token.RBRACK)
	x.Rbrack = p.pos(rb.off)
	return x
}
