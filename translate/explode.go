package translate

// The explosion step (the standard translator's PcalTranslate.Explode): every labeled
// statement becomes a list of statements that ends by assigning pc, with while loops turned
// into IF, and call, return and goto turned into explicit assignments to pc, stack and the
// procedure variables. Like the standard translator it builds new top-level statement lists
// but updates the branches of if, either and with statements in place; the chksum(pcal)
// text is rendered from the tree after this step (pluscal-translation.md §2), so the
// in-place updates are part of the observable result.

type exploder struct {
	alg   *algorithm
	procs map[string]*procedure
}

func newExploder(alg *algorithm) *exploder {
	x := &exploder{alg: alg, procs: map[string]*procedure{}}
	for _, p := range alg.prcds {
		x.procs[p.name] = p
	}
	return x
}

// updatePC is the assignment pc := "l".
func updatePC(l string) *assignS {
	return &assignS{ass: []*singleAssign{{v: "pc", sub: &texpr{}, rhs: stringExpr(l)}}}
}

func assign(v string, rhs *texpr) *assignS {
	return &assignS{ass: []*singleAssign{{v: v, sub: &texpr{}, rhs: rhs}}}
}

func firstLabel(list []*labeledStmt, dflt string) string {
	if len(list) > 0 {
		return list[0].label
	}
	return dflt
}

func (x *exploder) labeledSeq(seq []*labeledStmt, next string) []*labeledStmt {
	var out []*labeledStmt
	for i, ls := range seq {
		n := next
		if i+1 < len(seq) {
			n = seq[i+1].label
		}
		out = append(out, x.labeledStmt(ls, n)...)
	}
	return out
}

func isTrue(e *texpr) bool {
	return e.single() && e.lines[0][0].s == "TRUE"
}

func (x *exploder) labeledStmt(ls *labeledStmt, next string) []*labeledStmt {
	nl := &labeledStmt{label: ls.label, mod: ls.mod, at: ls.at}
	if len(ls.stmts) > 0 {
		if w, ok := ls.stmts[0].(*whileS); ok {
			then, tl := x.copyAndExplodeLast(w.unlabDo, firstLabel(w.labDo, ls.label))
			var labs []*labeledStmt
			labs = append(labs, tl...)
			labs = append(labs, x.labeledSeq(w.labDo, ls.label)...)
			if isTrue(w.test) {
				// while (TRUE): the body alone (pluscal-translation.md §7).
				nl.stmts = then
			} else {
				els, el := x.copyAndExplodeLast(ls.stmts[1:], next)
				nl.stmts = []stmt{&ifS{at: w.at, test: w.test, then: then, els: els}}
				labs = append(labs, el...)
			}
			return append([]*labeledStmt{nl}, labs...)
		}
	}
	stmts, labs := x.copyAndExplodeLast(ls.stmts, next)
	nl.stmts = stmts
	return append([]*labeledStmt{nl}, labs...)
}

// copyAndExplodeLast copies a statement list, exploding its last statement.
func (x *exploder) copyAndExplodeLast(list []stmt, next string) ([]stmt, []*labeledStmt) {
	out, labs, _ := x.copyAndExplodeLastC(list, next)
	return out, labs
}

func (x *exploder) copyAndExplodeLastC(list []stmt, next string) ([]stmt, []*labeledStmt, bool) {
	if len(list) == 0 {
		return []stmt{updatePC(next)}, nil, false
	}
	out := append([]stmt(nil), list[:len(list)-1]...)
	last, labs, changed := x.explodeLast(list[len(list)-1], next)
	return append(out, last...), labs, changed
}

// explodeLast explodes the last statement of a step; changed reports that it sets pc
// itself (a jump, or a branch holding one).
func (x *exploder) explodeLast(s stmt, next string) ([]stmt, []*labeledStmt, bool) {
	switch s := s.(type) {
	case *labelIfS:
		then, tl := x.copyAndExplodeLast(s.unlabThen, firstLabel(s.labThen, next))
		els, el := x.copyAndExplodeLast(s.unlabElse, firstLabel(s.labElse, next))
		s.unlabThen, s.unlabElse = then, els
		var labs []*labeledStmt
		labs = append(labs, tl...)
		labs = append(labs, x.labeledSeq(s.labThen, next)...)
		labs = append(labs, el...)
		labs = append(labs, x.labeledSeq(s.labElse, next)...)
		return []stmt{&ifS{at: s.at, test: s.test, then: then, els: els}}, labs, true
	case *ifS:
		then, tl, tc := x.copyAndExplodeLastC(s.then, next)
		els, el, ec := x.copyAndExplodeLastC(s.els, next)
		if !tc && !ec {
			return []stmt{s, updatePC(next)}, nil, false
		}
		s.then, s.els = then, els
		return []stmt{s}, append(tl, el...), true
	case *eitherS:
		var ors [][]stmt
		var labs []*labeledStmt
		changed := false
		for _, o := range s.ors {
			e, l, c := x.copyAndExplodeLastC(o, next)
			ors = append(ors, e)
			labs = append(labs, l...)
			changed = changed || c
		}
		if !changed {
			return []stmt{s, updatePC(next)}, nil, false
		}
		s.ors = ors
		return []stmt{s}, labs, true
	case *labelEitherS:
		e := &eitherS{at: s.at}
		var labs []*labeledStmt
		for _, c := range s.clauses {
			u, l := x.copyAndExplodeLast(c.unlabOr, firstLabel(c.labOr, next))
			c.unlabOr = u
			e.ors = append(e.ors, u)
			labs = append(labs, l...)
			labs = append(labs, x.labeledSeq(c.labOr, next)...)
		}
		return []stmt{e}, labs, true
	case *withS:
		do, labs, changed := x.copyAndExplodeLastC(s.do, next)
		if !changed {
			return []stmt{s, updatePC(next)}, nil, false
		}
		s.do = do
		return []stmt{s}, labs, true
	case *callS:
		return x.explodeCall(s.to, s.args, stringExpr(next), false), nil, true
	case *callGotoS:
		return x.explodeCall(s.to, s.args, stringExpr(s.after), false), nil, true
	case *callReturnS:
		return x.explodeCall(s.to, s.args, rawExpr("Head(stack).pc"), true), nil, true
	case *returnS:
		return x.explodeReturn(s.from), nil, true
	case *gotoS:
		return []stmt{updatePC(s.to)}, nil, true
	}
	return []stmt{s, updatePC(next)}, nil, false
}

// explodeCall: assign the parameters and push the frame in one multiple assignment, reset
// the callee's locals, and jump to its first label (pluscal-translation.md §8).
func (x *exploder) explodeCall(to string, args []*texpr, retPC *texpr, tail bool) []stmt {
	p := x.procs[to]
	if p == nil {
		return []stmt{updatePC("Error")}
	}
	multi := &assignS{}
	for i, prm := range p.params {
		var a *texpr
		if i < len(args) {
			a = args[i]
		} else {
			a = defaultValue()
		}
		multi.ass = append(multi.ass, &singleAssign{v: prm.name, sub: &texpr{}, rhs: a})
	}
	multi.ass = append(multi.ass, &singleAssign{v: "stack", sub: &texpr{}, rhs: frameExpr(p, retPC, tail)})
	out := []stmt{multi}
	for _, d := range p.decls {
		out = append(out, assign(d.name, d.val))
	}
	return append(out, updatePC(firstLabel(p.body, "Error")))
}

// frameExpr builds << [ procedure |->  "P", pc |->  ret, l |->  l, a |->  a ] >> \o stack,
// one field per line with the names padded to equal width.
func frameExpr(p *procedure, retPC *texpr, tail bool) *texpr {
	fields := []string{"procedure", "pc"}
	for _, d := range p.decls {
		fields = append(fields, d.name)
	}
	for _, d := range p.params {
		fields = append(fields, d.name)
	}
	width := 0
	for _, f := range fields {
		if n := len(f); n > width {
			width = n
		}
	}
	e := &texpr{}
	for i, f := range fields {
		var line []tok
		col := 5
		if i == 0 {
			line = append(line, tok{s: "<<", kind: tOp, col: 0}, tok{s: "[", kind: tOp, col: 3})
		}
		// Field names are not variables: never primed or indexed.
		line = append(line, tok{s: f, kind: tDone, col: col})
		col += width + 1
		line = append(line, tok{s: "|->", kind: tOp, col: col})
		col += 5
		var val []tok
		switch i {
		case 0:
			val = []tok{{s: p.name, kind: tString}}
		case 1:
			val = retPC.flatTokens()
		default:
			val = []tok{{s: f, kind: tIdent}}
		}
		base := val[0].col
		for _, t := range val {
			t.col = col + t.col - base
			line = append(line, t)
		}
		last := line[len(line)-1]
		end := last.col + last.width()
		if i < len(fields)-1 {
			line = append(line, tok{s: ",", kind: tOp, col: end})
		} else {
			line = append(line, tok{s: "]", kind: tOp, col: end + 1}, tok{s: ">>", kind: tOp, col: end + 3})
		}
		e.lines = append(e.lines, line)
	}
	rest := "stack"
	if tail {
		rest = "Tail(stack)"
	}
	tail0 := lineOf(" ", `\o`, " ", rawExpr(rest))
	e.lines = append(e.lines, tail0.lines[0])
	return e
}

// explodeReturn restores pc, the locals and the parameters from the top frame and pops it.
func (x *exploder) explodeReturn(from string) []stmt {
	p := x.procs[from]
	out := []stmt{assign("pc", rawExpr("Head(stack).pc"))}
	if p != nil {
		for _, d := range p.decls {
			out = append(out, assign(d.name, rawExpr("Head(stack)."+d.name)))
		}
		for _, d := range p.params {
			out = append(out, assign(d.name, rawExpr("Head(stack)."+d.name)))
		}
	}
	return append(out, assign("stack", rawExpr("Tail(stack)")))
}

// explodeAll explodes every body of the algorithm.
type exploded struct {
	prcds [][]*labeledStmt
	procs [][]*labeledStmt
	body  []*labeledStmt
}

func (x *exploder) all() *exploded {
	out := &exploded{}
	for _, p := range x.alg.prcds {
		out.prcds = append(out.prcds, x.labeledSeq(p.body, "Error"))
	}
	for _, p := range x.alg.procs {
		out.procs = append(out.procs, x.labeledSeq(p.body, "Done"))
	}
	if !x.alg.multi {
		out.body = x.labeledSeq(x.alg.body, "Done")
	}
	return out
}

// hasGotoDone reports whether a goto Done occurs anywhere (the Terminating rule, §9).
func hasGotoDone(alg *algorithm) bool {
	found := false
	check := func(body []*labeledStmt) {
		var stmts func([]stmt)
		stmts = func(list []stmt) {
			for _, s := range list {
				switch s := s.(type) {
				case *gotoS:
					found = found || s.to == "Done"
				case *callGotoS:
					found = found || s.after == "Done"
				case *ifS:
					stmts(s.then)
					stmts(s.els)
				case *labelIfS:
					stmts(s.unlabThen)
					stmts(s.unlabElse)
				case *eitherS:
					for _, o := range s.ors {
						stmts(o)
					}
				case *labelEitherS:
					for _, c := range s.clauses {
						stmts(c.unlabOr)
					}
				case *whileS:
					stmts(s.unlabDo)
				case *withS:
					stmts(s.do)
				}
			}
		}
		walkLabeled(body, func(ls *labeledStmt) { stmts(ls.stmts) })
	}
	for _, p := range alg.prcds {
		check(p.body)
	}
	for _, p := range alg.procs {
		check(p.body)
	}
	check(alg.body)
	return found
}

// isEndlessLoop reports whether a body is a single labeled while (TRUE) statement.
func isEndlessLoop(body []*labeledStmt) bool {
	if len(body) != 1 || len(body[0].stmts) != 1 {
		return false
	}
	w, ok := body[0].stmts[0].(*whileS)
	return ok && isTrue(w.test)
}
