package parser

import (
	"strconv"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// pcalWords are the words that end a declaration list or a statement list in PlusCal and
// MPCal; they are ordinary identifiers to the TLA+ lexer.
func pcalWord(s string) bool {
	switch s {
	case "begin", "end", "define", "macro", "procedure", "process", "fair", "variables", "variable",
		"archetype", "mapping", "instance", "if", "then", "else", "elsif", "while", "do", "either",
		"or", "with", "await", "when", "print", "assert", "skip", "return", "goto", "call", "yield":
		return true
	}
	return false
}

func (p *parser) expectWord(w string) tok {
	if !p.isWord(w) {
		p.errorExpected(strconv.Quote(w))
		return *p.tok()
	}
	return p.next()
}

// parseAlgorithm parses from "--algorithm", "--fair algorithm" or "--mpcal" to the closing
// "}" or "end algorithm".
func (p *parser) parseAlgorithm() *ast.Algorithm {
	p.pcal = true
	start := p.tok()
	a := &ast.Algorithm{Start: p.pos(start.off)}
	if !p.isOp("--") {
		p.errorExpected(`"--algorithm"`)
		return nil
	}
	p.next()
	switch {
	case p.isWord("algorithm"):
		p.next()
	case p.isWord("fair"):
		p.next()
		a.Fair = true
		p.expectWord("algorithm")
	case p.isWord("mpcal"):
		p.next()
		a.Kind = ast.MPCal
	default:
		p.errorExpected(`"algorithm", "fair" or "mpcal"`)
		return nil
	}
	a.Name = p.parseIdent()
	if p.bad {
		return nil
	}
	if p.k() == token.LBRACE {
		p.next()
		a.Syntax = ast.CSyntax
	} else {
		if a.Kind == ast.MPCal {
			p.errorExpected(`"{"`)
			return nil
		}
		a.Syntax = ast.PSyntax
	}
	if a.Kind == ast.MPCal {
		p.parseMPCalBody(a)
	} else {
		p.parsePlusCalBody(a)
	}
	if p.bad {
		return nil
	}
	return a
}

// parsePlusCalBody parses the declarations, procedures and processes or body of a plain
// PlusCal algorithm, then its end.
func (p *parser) parsePlusCalBody(a *ast.Algorithm) {
	c := a.Syntax == ast.CSyntax
	for !p.bad {
		switch {
		case p.isWord("variables") || p.isWord("variable"):
			a.Vars = append(a.Vars, p.parseVarDecls(false, true)...)
			continue
		case p.isWord("define"):
			if a.Define != nil {
				p.errorf("second define block")
				return
			}
			a.Define = p.parseDefine(c)
			continue
		case p.isWord("macro"):
			a.Macros = append(a.Macros, p.parseMacro(c))
			continue
		case p.isWord("procedure"):
			a.Procedures = append(a.Procedures, p.parseProcedure(c, false))
			continue
		case p.isWord("fair") || p.isWord("process"):
			if pr := p.parseProcess(c, false); pr != nil {
				a.Processes = append(a.Processes, pr)
			}
			continue
		}
		break
	}
	if p.bad {
		return
	}
	if len(a.Processes) == 0 {
		if c {
			a.Body = p.parseCBlock()
		} else {
			a.Body = p.parsePBlock("begin")
		}
	}
	p.finishAlgorithm(a, c)
}

func (p *parser) finishAlgorithm(a *ast.Algorithm, c bool) {
	if p.bad {
		return
	}
	if c {
		rb := p.expect(token.RBRACE)
		a.EndPos = p.pos(rb.end)
		return
	}
	p.expectWord("end")
	t := p.expectWord("algorithm")
	a.EndPos = p.pos(t.end)
}

// mpcal layout phases (mpcal.md §2.1): each kind of declaration has its place.
const (
	phDefine = iota
	phMacro
	phMPCalProc
	phMappingMacro
	phArchetype
	phVars
	phInstance
	phPCalProc
	phProcess
)

var phaseNames = [...]string{"define block", "macro", "procedure", "mapping macro", "archetype",
	"variable declarations", "instance", "procedure", "process"}

func (p *parser) parseMPCalBody(a *ast.Algorithm) {
	phase := phDefine
	at := func(ph int) bool {
		if ph < phase {
			p.errorf("%s after %s (the order is define, macros, procedures, mapping macros, archetypes, variables, instances, procedures, processes)",
				phaseNames[ph], phaseNames[phase])
			return false
		}
		phase = ph
		return true
	}
	for !p.bad {
		switch {
		case p.isWord("define"):
			if a.Define != nil || !at(phDefine) {
				p.errorf("second define block")
				return
			}
			phase = phMacro
			a.Define = p.parseDefine(true)
			continue
		case p.isWord("macro"):
			if at(phMacro) {
				a.Macros = append(a.Macros, p.parseMacro(true))
			}
			continue
		case p.isWord("procedure"):
			if phase <= phMPCalProc {
				phase = phMPCalProc
				a.MPCalProcedures = append(a.MPCalProcedures, p.parseProcedure(true, true))
			} else {
				phase = phPCalProc
				a.Procedures = append(a.Procedures, p.parseProcedure(true, false))
			}
			continue
		case p.isWord("mapping"):
			if at(phMappingMacro) {
				a.MappingMacros = append(a.MappingMacros, p.parseMappingMacro())
			}
			continue
		case p.isWord("archetype"):
			if at(phArchetype) {
				a.Archetypes = append(a.Archetypes, p.parseArchetype())
			}
			continue
		case p.isWord("variables") || p.isWord("variable"):
			if at(phVars) {
				phase = phVars + 1
				a.Vars = append(a.Vars, p.parseVarDecls(true, true)...)
			}
			continue
		case p.isWord("fair") || p.isWord("process"):
			if p.isInstanceAhead() {
				if at(phInstance) {
					a.Instances = append(a.Instances, p.parseInstanceDecl())
				}
				continue
			}
			if at(phProcess) {
				if pr := p.parseProcess(true, true); pr != nil {
					a.Processes = append(a.Processes, pr)
				}
			}
			continue
		}
		break
	}
	if p.bad {
		return
	}
	// the grammar is ( CompoundStmt | { PCalProcess } ): a block of instances only (or of
	// nothing at all, mpcal.md §4.7 MPCalEffectivelyNoProcesses) has no body
	if len(a.Processes) == 0 && p.k() != token.RBRACE {
		a.Body = p.parseCBlock()
	}
	p.finishAlgorithm(a, true)
}

// isInstanceAhead reports whether "[fair[+]] process ( ... )" is followed by "==".
func (p *parser) isInstanceAhead() bool {
	depth := 0
	for k := 0; k < lookaheadLimit; k++ {
		switch t := p.at(k); t.kind {
		case token.LPAREN, token.LBRACK, token.LBRACE, token.LTUPLE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE, token.RTUPLE:
			depth--
			if depth == 0 {
				return p.at(k+1).kind == token.DEFEQ
			}
			if depth < 0 {
				return false
			}
		case token.EOF:
			return false
		}
	}
	return false
}

func (p *parser) parseDefine(c bool) *ast.DefineBlock {
	t := p.next()
	d := &ast.DefineBlock{Define: p.pos(t.off)}
	if c {
		p.expect(token.LBRACE)
	}
	saved := p.pcal
	p.pcal = false
	for !p.bad {
		if c && p.k() == token.RBRACE || !c && p.isWord("end") || p.k() == token.EOF {
			break
		}
		var u ast.Unit
		if p.k() == token.RECURSIVE {
			u = p.parseRecursive()
		} else {
			u = p.parseDefinition(false, p.tok().off)
		}
		if u != nil {
			d.Units = append(d.Units, u)
		}
	}
	p.pcal = saved
	if c {
		rb := p.expect(token.RBRACE)
		d.EndPos = p.pos(rb.end)
	} else {
		p.expectWord("end")
		t := p.expectWord("define")
		d.EndPos = p.pos(t.end)
	}
	p.got(token.SEMICOLON)
	return d
}

// parseVarDecls parses "variables d1, d2; d3 ..." (the keyword included). With strictSep
// (MPCal) every declaration must end with ";" or ",". allowIn permits "x \in S".
func (p *parser) parseVarDecls(strictSep, allowIn bool) []*ast.VarDecl {
	p.next() // variables
	var list []*ast.VarDecl
	for !p.bad {
		if p.k() != token.IDENT || pcalWord(p.tok().lit) {
			if len(list) == 0 {
				p.errorExpected("variable declaration")
			}
			break
		}
		list = append(list, p.parseVarDecl(allowIn))
		if !allowIn && p.isOp(`\in`) {
			p.errorExpected(`";"`)
			break
		}
		if p.k() == token.SEMICOLON || p.k() == token.COMMA {
			p.next()
			continue
		}
		if strictSep {
			p.errorExpected(`";" or ","`)
		}
		break
	}
	return list
}

func (p *parser) parseVarDecl(allowIn bool) *ast.VarDecl {
	d := &ast.VarDecl{Name: p.parseIdent()}
	switch {
	case p.isOp("="):
		p.next()
		d.Kind, d.Init = ast.DeclEq, p.parseExpr()
	case p.isOp(`\in`) && allowIn:
		p.next()
		d.Kind, d.Init = ast.DeclIn, p.parseExpr()
	}
	return d
}

func (p *parser) parseMacro(c bool) *ast.Macro {
	t := p.next()
	m := &ast.Macro{Macro: p.pos(t.off)}
	m.Name = p.parseIdent()
	p.expect(token.LPAREN)
	if p.k() != token.RPAREN {
		for !p.bad {
			m.Params = append(m.Params, p.parseIdent())
			if !p.got(token.COMMA) {
				break
			}
		}
	}
	p.expect(token.RPAREN)
	m.Body = p.parseBody(c, "macro")
	m.EndPos = m.Body.EndPos
	p.got(token.SEMICOLON)
	return m
}

// parseBody parses "{ ... }" (C) or "begin ... end kw" (P).
func (p *parser) parseBody(c bool, kw string) *ast.Block {
	if c {
		return p.parseCBlock()
	}
	b := p.parsePBlock("begin")
	p.expectWord("end")
	t := p.expectWord(kw)
	b.EndPos = p.pos(t.end)
	return b
}

// parseParams parses procedure or archetype parameters. MPCal parameters may be ref;
// PlusCal parameters may have a default.
func (p *parser) parseParams(mpcal bool) []*ast.Param {
	p.expect(token.LPAREN)
	var list []*ast.Param
	if p.k() == token.RPAREN {
		p.next()
		return nil
	}
	for !p.bad {
		prm := &ast.Param{}
		if mpcal && p.isWord("ref") {
			r := p.next()
			prm.Ref = p.pos(r.off)
			prm.Name = p.parseIdent()
			prm.EndPos = prm.Name.End()
			for p.k() == token.LBRACK && p.at(1).kind == token.UNDERSCORE && p.at(2).kind == token.RBRACK {
				p.next()
				p.next()
				rb := p.next()
				prm.Depth++
				prm.EndPos = p.pos(rb.end)
			}
			if prm.Depth == 0 && p.isOp("^") {
				c := p.next()
				prm.Caret, prm.EndPos = true, p.pos(c.end)
			}
		} else {
			prm.Name = p.parseIdent()
			prm.EndPos = prm.Name.End()
			if !mpcal && p.isOp("=") {
				p.next()
				prm.Default = p.parseExpr()
				prm.EndPos = prm.Default.End()
			}
		}
		list = append(list, prm)
		if !p.got(token.COMMA) {
			break
		}
	}
	p.expect(token.RPAREN)
	return list
}

func (p *parser) parseProcedure(c, mpcal bool) *ast.Procedure {
	t := p.next()
	pr := &ast.Procedure{Procedure: p.pos(t.off), MPCal: mpcal}
	pr.Name = p.parseIdent()
	pr.Params = p.parseParams(mpcal)
	if p.isWord("variables") || p.isWord("variable") {
		pr.Locals = p.parseVarDecls(false, false)
	}
	pr.Body = p.parseBody(c, "procedure")
	pr.EndPos = pr.Body.EndPos
	p.got(token.SEMICOLON)
	return pr
}

func (p *parser) parseFairness() (ast.Fairness, tok) {
	start := *p.tok()
	f := ast.Unfair
	if p.isWord("fair") {
		p.next()
		f = ast.WeakFair
		if p.isOp("+") {
			p.next()
			f = ast.StrongFair
		}
	}
	return f, start
}

// parseProcessIdent parses "(N \in S)" / "(N = e)", parentheses optional in P-syntax.
func (p *parser) parseProcessIdent(c bool) *ast.VarDecl {
	paren := p.k() == token.LPAREN
	if paren {
		p.next()
	} else if c {
		p.errorExpected(`"("`)
		return nil
	}
	d := &ast.VarDecl{Name: p.parseIdent()}
	switch {
	case p.isOp("="):
		p.next()
		d.Kind = ast.DeclEq
	case p.isOp(`\in`):
		p.next()
		d.Kind = ast.DeclIn
	default:
		p.errorExpected(`"=" or "\in"`)
		return nil
	}
	d.Init = p.parseExpr()
	if paren {
		p.expect(token.RPAREN)
	}
	return d
}

func (p *parser) parseProcess(c, mpcal bool) *ast.Process {
	f, start := p.parseFairness()
	p.expectWord("process")
	pr := &ast.Process{Start: p.pos(start.off), Fairness: f}
	pr.Ident = p.parseProcessIdent(c)
	if p.bad {
		return nil
	}
	if p.isWord("variables") || p.isWord("variable") {
		pr.Locals = p.parseVarDecls(mpcal, true)
	}
	pr.Body = p.parseBody(c, "process")
	pr.EndPos = pr.Body.EndPos
	p.got(token.SEMICOLON)
	return pr
}

func (p *parser) parseMappingMacro() *ast.MappingMacro {
	t := p.next()
	mm := &ast.MappingMacro{Mapping: p.pos(t.off)}
	p.expectWord("macro")
	mm.Name = p.parseIdent()
	p.expect(token.LBRACE)
	p.expectWord("read")
	mm.Read = p.parseCBlock()
	p.expectWord("write")
	mm.Write = p.parseCBlock()
	rb := p.expect(token.RBRACE)
	mm.EndPos = p.pos(rb.end)
	return mm
}

func (p *parser) parseArchetype() *ast.Archetype {
	t := p.next()
	a := &ast.Archetype{Archetype: p.pos(t.off)}
	a.Name = p.parseIdent()
	a.Params = p.parseParams(true)
	if p.isWord("variables") || p.isWord("variable") {
		a.Locals = p.parseVarDecls(true, true)
	}
	a.Body = p.parseCBlock()
	return a
}

// parseRefOrExpr parses a call or instance argument: "ref x[_]..." or an expression.
func (p *parser) parseRefOrExpr() ast.Expr {
	if p.isWord("ref") && p.at(1).kind == token.IDENT {
		r := p.next()
		ra := &ast.RefArg{Ref: p.pos(r.off), Name: p.parseIdent()}
		ra.EndPos = ra.Name.End()
		for p.k() == token.LBRACK && p.at(1).kind == token.UNDERSCORE && p.at(2).kind == token.RBRACK {
			p.next()
			p.next()
			rb := p.next()
			ra.Depth++
			ra.EndPos = p.pos(rb.end)
		}
		return ra
	}
	return p.parseExpr()
}

// parseCallArgs parses "(args)" of a call or instance.
func (p *parser) parseCallArgs() (args []ast.Expr, rp tok) {
	p.expect(token.LPAREN)
	p.inBrackets(func() {
		if p.k() != token.RPAREN {
			for !p.bad {
				args = append(args, p.parseRefOrExpr())
				if !p.got(token.COMMA) {
					break
				}
			}
		}
		rp = p.expect(token.RPAREN)
	})
	return args, rp
}

func (p *parser) parseInstanceDecl() *ast.InstanceDecl {
	f, start := p.parseFairness()
	p.expectWord("process")
	in := &ast.InstanceDecl{Start: p.pos(start.off), Fairness: f}
	in.Process = p.parseProcessIdent(true)
	p.expect(token.DEFEQ)
	p.expectWord("instance")
	in.Archetype = p.parseIdent()
	in.Args, _ = p.parseCallArgs()
	for !p.bad && p.isWord("mapping") {
		mt := p.next()
		m := &ast.Mapping{Mapping: p.pos(mt.off)}
		if p.k() == token.AT {
			p.next()
			nt := p.tok()
			n, err := strconv.Atoi(nt.lit)
			if nt.kind != token.NUMBER || err != nil || n < 1 {
				p.errorExpected("argument position after @")
				break
			}
			p.next()
			m.Position = n
		} else {
			m.Name = p.parseIdent()
		}
		for p.k() == token.LBRACK && p.at(1).kind == token.UNDERSCORE && p.at(2).kind == token.RBRACK {
			p.next()
			p.next()
			p.next()
			m.Depth++
		}
		p.expectWord("via")
		m.Macro = p.parseIdent()
		in.Mappings = append(in.Mappings, m)
	}
	sc := p.expect(token.SEMICOLON)
	in.EndPos = p.pos(sc.end)
	return in
}

// ---------------------------------------------------------------------------------------------
// Statements

// parseCBlock parses "{ stmts }".
func (p *parser) parseCBlock() *ast.Block {
	lb := p.expect(token.LBRACE)
	b := &ast.Block{Lbrace: p.pos(lb.off)}
	if p.bad {
		b.EndPos = b.Lbrace
		return b
	}
	if p.k() == token.RBRACE {
		p.errorAt(lb.off, "empty statement list")
		b.EndPos = b.Lbrace
		return b
	}
	b.Stmts = p.parseStmtList(true)
	rb := p.expect(token.RBRACE)
	b.Rbrace, b.EndPos = p.pos(rb.off), p.pos(rb.end)
	return b
}

// parsePBlock parses "begin stmts" (the caller consumes the closing "end ...").
func (p *parser) parsePBlock(open string) *ast.Block {
	t := p.expectWord(open)
	b := &ast.Block{Lbrace: p.pos(t.off)}
	b.Stmts = p.parseStmtList(false)
	b.Rbrace = p.pos(p.tok().off)
	b.EndPos = b.Rbrace
	return b
}

// pEnd reports whether the current token ends a P-syntax statement list.
func (p *parser) pEnd() bool {
	if p.k() != token.IDENT {
		return p.k() == token.EOF
	}
	switch p.tok().lit {
	case "end", "else", "elsif", "or":
		return true
	}
	return false
}

// parseStmtList parses statements separated by ";" up to "}" (C) or end/else/elsif/or (P),
// grouping each label with the unlabeled statements that follow it.
func (p *parser) parseStmtList(c bool) []ast.Stmt {
	var list []ast.Stmt
	var cur *ast.LabeledStmt
	for !p.bad {
		if c && (p.k() == token.RBRACE || p.k() == token.EOF) || !c && p.pEnd() {
			break
		}
		if p.isLabel() {
			cur = p.parseLabel()
			list = append(list, cur)
		}
		s := p.parseStmt(c)
		if s == nil {
			break
		}
		if cur != nil {
			cur.Stmts = append(cur.Stmts, s)
		} else {
			list = append(list, s)
		}
		if p.got(token.SEMICOLON) {
			continue
		}
		if c && (p.k() == token.RBRACE || p.toks[p.i-1].kind == token.RBRACE) || !c && p.pEnd() {
			continue
		}
		p.errorExpected(`";"`)
	}
	if len(list) == 0 && !p.bad {
		p.errorf("empty statement list")
	}
	return list
}

func (p *parser) isLabel() bool {
	return p.k() == token.IDENT && p.at(1).kind == token.COLON
}

func (p *parser) parseLabel() *ast.LabeledStmt {
	name := p.parseIdent()
	colon := p.next()
	l := &ast.LabeledStmt{Label: name, Colon: p.pos(colon.off)}
	if t := p.tok(); t.kind == token.OP && t.off == colon.end && (t.lit == "+" || t.lit == "-") {
		p.next()
		l.Modifier = ast.PlusModifier
		if t.lit == "-" {
			l.Modifier = ast.MinusModifier
		}
	}
	return l
}

// parseSingle parses the body of a C-syntax if/while/with/either branch: a block, or one
// (possibly labeled) statement.
func (p *parser) parseSingle() *ast.Block {
	if p.k() == token.LBRACE {
		return p.parseCBlock()
	}
	start := p.pos(p.tok().off)
	var s ast.Stmt
	if p.isLabel() {
		l := p.parseLabel()
		if st := p.parseStmt(true); st != nil {
			l.Stmts = append(l.Stmts, st)
		}
		s = l
	} else {
		s = p.parseStmt(true)
	}
	if s == nil {
		return &ast.Block{Lbrace: start, EndPos: start}
	}
	return &ast.Block{Lbrace: start, Stmts: []ast.Stmt{s}, EndPos: s.End()}
}

// parseCond parses "( e )" in C-syntax or "e" in P-syntax.
func (p *parser) parseCond(c bool) ast.Expr {
	if !c {
		return p.parseExpr()
	}
	p.expect(token.LPAREN)
	var x ast.Expr
	p.inBrackets(func() {
		x = p.parseExpr()
		p.expect(token.RPAREN)
	})
	return x
}

func (p *parser) parseStmt(c bool) ast.Stmt {
	if p.bad || !p.enter() {
		return nil
	}
	defer p.leave()
	t := p.tok()
	pos := p.pos(t.off)
	switch p.k() {
	case token.LBRACE:
		if c {
			return p.parseCBlock()
		}
	case token.DOLLARVAR:
		return p.parseAssign()
	case token.IDENT:
		switch t.lit {
		case "if":
			return p.parseIf(c, false)
		case "while":
			p.next()
			w := &ast.WhileStmt{While: pos, Cond: p.parseCond(c)}
			if c {
				w.Body = p.parseSingle()
				w.EndPos = w.Body.EndPos
			} else {
				p.expectWord("do")
				w.Body = p.parsePBlockAt()
				p.expectWord("end")
				e := p.expectWord("while")
				w.EndPos = p.pos(e.end)
			}
			return w
		case "either":
			p.next()
			e := &ast.EitherStmt{Either: pos}
			for !p.bad {
				var b *ast.Block
				if c {
					b = p.parseSingle()
				} else {
					b = p.parsePBlockAt()
				}
				e.Branches = append(e.Branches, b)
				e.EndPos = b.EndPos
				if c && p.k() == token.SEMICOLON && p.at(1).kind == token.IDENT && p.at(1).lit == "or" {
					p.next()
				}
				if !p.isWord("or") {
					break
				}
				p.next()
			}
			if len(e.Branches) < 2 && !p.bad {
				p.errorExpected(`"or"`)
			}
			if !c {
				p.expectWord("end")
				et := p.expectWord("either")
				e.EndPos = p.pos(et.end)
			}
			return e
		case "with":
			p.next()
			w := &ast.WithStmt{With: pos}
			paren := c && p.k() == token.LPAREN
			if c {
				p.expect(token.LPAREN)
			}
			saved := p.jcol
			if paren {
				p.jcol = 0
			}
			for !p.bad {
				d := &ast.VarDecl{Name: p.parseIdent()}
				switch {
				case p.isOp("="):
					d.Kind = ast.DeclEq
				case p.isOp(`\in`):
					d.Kind = ast.DeclIn
				default:
					p.errorExpected(`"=" or "\in"`)
				}
				p.next()
				d.Init = p.parseExpr()
				w.Decls = append(w.Decls, d)
				if p.k() == token.COMMA || p.k() == token.SEMICOLON {
					p.next()
					if c && p.k() == token.RPAREN || !c && p.isWord("do") {
						break
					}
					continue
				}
				break
			}
			p.jcol = saved
			if c {
				p.expect(token.RPAREN)
				w.Body = p.parseSingle()
				w.EndPos = w.Body.EndPos
			} else {
				p.expectWord("do")
				w.Body = p.parsePBlockAt()
				p.expectWord("end")
				e := p.expectWord("with")
				w.EndPos = p.pos(e.end)
			}
			return w
		case "await", "when":
			p.next()
			return &ast.AwaitStmt{Keyword: pos, When: t.lit == "when", Cond: p.parseExpr()}
		case "print":
			p.next()
			return &ast.PrintStmt{Print: pos, X: p.parseExpr()}
		case "assert":
			p.next()
			return &ast.AssertStmt{Assert: pos, Cond: p.parseExpr()}
		case "skip":
			p.next()
			return &ast.SkipStmt{Skip: pos}
		case "return":
			p.next()
			return &ast.ReturnStmt{Return: pos}
		case "goto":
			p.next()
			return &ast.GotoStmt{Goto: pos, Label: p.parseIdent()}
		case "yield":
			p.next()
			return &ast.YieldStmt{Yield: pos, X: p.parseExpr()}
		case "call":
			p.next()
			cs := &ast.CallStmt{Call: pos, Proc: p.parseIdent()}
			var rp tok
			cs.Args, rp = p.parseCallArgs()
			cs.Rparen = p.pos(rp.off)
			return cs
		}
		if pcalWord(t.lit) {
			break
		}
		if p.at(1).kind == token.LPAREN {
			name := p.parseIdent()
			mc := &ast.MacroCall{Name: name}
			var rp tok
			mc.Args, rp = p.parseCallArgs()
			mc.Rparen = p.pos(rp.off)
			return mc
		}
		return p.parseAssign()
	}
	p.errorExpected("statement")
	return nil
}

// parsePBlockAt parses a P-syntax statement list that starts at the current token (no
// opening keyword), e.g. after "then", "do" or "or".
func (p *parser) parsePBlockAt() *ast.Block {
	b := &ast.Block{Lbrace: p.pos(p.tok().off)}
	b.Stmts = p.parseStmtList(false)
	b.Rbrace = p.pos(p.tok().off)
	b.EndPos = b.Rbrace
	if n := len(b.Stmts); n > 0 {
		b.EndPos = b.Stmts[n-1].End()
	}
	return b
}

func (p *parser) parseIf(c, elsif bool) ast.Stmt {
	t := p.next()
	s := &ast.IfStmt{If: p.pos(t.off), ElsIf: elsif, Cond: p.parseCond(c)}
	if c {
		s.Then = p.parseSingle()
		s.EndPos = s.Then.EndPos
		if p.k() == token.SEMICOLON && p.at(1).kind == token.IDENT && p.at(1).lit == "else" {
			p.next()
		}
		if p.isWord("else") {
			p.next()
			s.Else = p.parseSingle()
			s.EndPos = s.Else.EndPos
		}
		return s
	}
	p.expectWord("then")
	s.Then = p.parsePBlockAt()
	switch {
	case p.isWord("elsif"):
		inner := p.parseIf(false, true).(*ast.IfStmt)
		s.Else = &ast.Block{Lbrace: inner.If, Stmts: []ast.Stmt{inner}, EndPos: inner.EndPos}
		s.EndPos = inner.EndPos
		return s
	case p.isWord("else"):
		p.next()
		s.Else = p.parsePBlockAt()
	}
	p.expectWord("end")
	e := p.expectWord("if")
	s.EndPos = p.pos(e.end)
	return s
}

// parseLhs parses x, $variable, x[i, j], x.f and combinations.
func (p *parser) parseLhs() ast.Expr {
	t := p.next()
	var x ast.Expr
	if t.kind == token.DOLLARVAR {
		x = &ast.SpecialVar{VarPos: p.pos(t.off)}
	} else {
		x = p.ident(t)
	}
	for !p.bad {
		switch p.k() {
		case token.LBRACK:
			lb := p.next()
			args, rb := p.parseExprList(token.RBRACK)
			x = &ast.FuncApp{Func: x, Lbrack: p.pos(lb.off), Args: args, Rbrack: p.pos(rb.off)}
			continue
		case token.DOT:
			p.next()
			x = &ast.FieldAccess{X: x, Field: p.parseIdent()}
			continue
		}
		break
	}
	return x
}

func (p *parser) parseAssign() ast.Stmt {
	s := &ast.AssignStmt{}
	for !p.bad {
		if p.k() != token.IDENT && p.k() != token.DOLLARVAR {
			p.errorExpected("variable")
			return nil
		}
		lhs := p.parseLhs()
		if !p.isOp(":=") {
			p.errorExpected(`":="`)
			return nil
		}
		a := p.next()
		s.Pairs = append(s.Pairs, &ast.AssignPair{Lhs: lhs, Assign: p.pos(a.off), Rhs: p.parseExpr()})
		if !p.isOp("||") {
			break
		}
		p.next()
	}
	return s
}
