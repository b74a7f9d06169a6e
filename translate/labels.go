package translate

import (
	"fmt"

	"github.com/mpgo/mpgo/lang/ast"
)

// buildAlgorithm converts a parsed PlusCal algorithm. It reports errors through b.errs.
func (b *builder) buildAlgorithm(a *ast.Algorithm) *algorithm {
	alg := &algorithm{name: a.Name.Name, fair: a.Fair, multi: len(a.Processes) > 0}
	for _, d := range a.Vars {
		alg.decls = append(alg.decls, b.varDecl(d))
	}
	if a.Define != nil {
		alg.defs = b.defs(a.Define)
	} else {
		alg.defs = &texpr{}
	}
	b.procs = map[string]*ast.Procedure{}
	for _, p := range a.Procedures {
		if _, dup := b.procs[p.Name.Name]; !dup {
			b.procs[p.Name.Name] = p
		}
	}
	// Macros are expanded where they are defined, so a macro can only use earlier macros
	// (a macro that calls itself is "undefined", recursive_macro).
	b.macros = map[string]*macroDef{}
	for _, m := range a.Macros {
		def := &macroDef{}
		for _, p := range m.Params {
			def.params = append(def.params, p.Name)
		}
		def.body = b.stmts(m.Body.Stmts, true, false, nil)
		b.macros[m.Name.Name] = def
	}
	if len(b.errs) > 0 {
		return nil
	}

	// Flat bodies first: the label pass needs all of them.
	type flatProc struct {
		p    *ast.Procedure
		body []*fstmt
	}
	var fprocs []flatProc
	for _, p := range a.Procedures {
		b.curProc = p.Name.Name
		fprocs = append(fprocs, flatProc{p, b.stmts(p.Body.Stmts, false, false, nil)})
	}
	b.curProc = ""
	var fbodies [][]*fstmt
	for _, p := range a.Processes {
		fbodies = append(fbodies, b.stmts(p.Body.Stmts, false, false, nil))
	}
	var fmain []*fstmt
	if a.Body != nil {
		fmain = b.stmts(a.Body.Stmts, false, false, nil)
	}
	if len(b.errs) > 0 {
		return nil
	}

	// Labels are added automatically in a uniprocess algorithm without any label, or
	// everywhere with -label (pluscal-translation.md §12).
	b.addLabels = b.opts.Label
	if !alg.multi && !b.opts.Label {
		has := false
		for _, fp := range fprocs {
			has = has || hasLabel(fp.body)
		}
		has = has || hasLabel(fmain)
		b.addLabels = !has
	}
	for _, fp := range fprocs {
		b.curProc = fp.p.Name.Name
		b.labelSeq(fp.body, true, map[string]bool{})
	}
	b.curProc = ""
	for _, body := range fbodies {
		b.labelSeq(body, true, map[string]bool{})
	}
	if fmain != nil {
		b.labelSeq(fmain, true, map[string]bool{})
	}
	if len(b.missing) > 0 {
		for _, w := range b.missing {
			b.errorAt(w, "Missing label")
		}
		return nil
	}

	for _, fp := range fprocs {
		p := fp.p
		pr := &procedure{name: p.Name.Name, at: b.where(p.Procedure)}
		for _, prm := range p.Params {
			pr.params = append(pr.params, &varDecl{name: prm.Name.Name, isEq: true, val: defaultValue(), at: b.where(prm.Name.Pos())})
		}
		for _, d := range p.Locals {
			pr.decls = append(pr.decls, b.varDecl(d))
		}
		b.curProc = p.Name.Name
		pr.body = b.body(fp.body)
		alg.prcds = append(alg.prcds, pr)
	}
	b.curProc = ""
	for i, p := range a.Processes {
		pr := &process{name: p.Ident.Name.Name, at: b.where(p.Start), isEq: p.Ident.Kind != ast.DeclIn, id: b.expr(p.Ident.Init)}
		switch p.Fairness {
		case ast.WeakFair:
			pr.fairness = wf
		case ast.StrongFair:
			pr.fairness = sf
		default:
			// -wf and -sf make processes without a keyword fair in the tree itself.
			switch {
			case b.opts.SF:
				pr.fairness = sf
			case b.opts.WF || b.opts.Termination:
				pr.fairness = wf
			default:
				pr.fairness = unfair
			}
		}
		for _, d := range p.Locals {
			pr.decls = append(pr.decls, b.varDecl(d))
		}
		pr.body = b.body(fbodies[i])
		alg.procs = append(alg.procs, pr)
	}
	if a.Body != nil {
		alg.body = b.body(fmain)
	}
	return alg
}

// defs returns the define block as one token expression.
func (b *builder) defs(d *ast.DefineBlock) *texpr {
	if len(d.Units) == 0 {
		return &texpr{}
	}
	first, last := d.Units[0], d.Units[len(d.Units)-1]
	if text, col, ok := b.span(first.Pos(), last.End()); ok {
		e, _ := tokenize(text, col)
		return e
	}
	e := &texpr{}
	for _, u := range d.Units {
		ue := rawExpr(printerUnit(u))
		e.lines = append(e.lines, ue.lines...)
	}
	return e
}

func hasLabel(list []*fstmt) bool {
	for _, s := range list {
		if s.label != "" {
			return true
		}
		for _, br := range s.branches {
			if hasLabel(br) {
				return true
			}
		}
	}
	return false
}

// needLabel records that s must be labeled: the label is added (auto-label mode) or the
// place is reported.
func (b *builder) needLabel(s *fstmt) {
	if b.addLabels {
		b.lblCount++
		s.label = fmt.Sprintf("%s%d", b.opts.labelRoot(), b.lblCount)
		s.lblAt = s.at
		b.labelsAdded = true
		return
	}
	b.missing = append(b.missing, s.at)
}

// labelSeq applies the label rules of pluscal-translation.md §12 to a statement list.
// assigned holds the variables assigned so far in the current step. It returns the
// variables assigned at the end of the list and whether the statement after the list must
// be labeled (the list contains a label, call, return or goto).
func (b *builder) labelSeq(list []*fstmt, needFirst bool, assigned map[string]bool) (map[string]bool, bool) {
	need := needFirst
	jumps := false
	for i, s := range list {
		if s.label == "" {
			prevCall := i > 0 && list[i-1].kind == fCall
			exempt := prevCall && (s.kind == fReturn || s.kind == fGoto)
			if !exempt && (need || s.kind == fWhile || b.conflicts(s, assigned)) {
				b.needLabel(s)
				// Go on as if the label were there, so one mistake is reported once.
				assigned = map[string]bool{}
			}
		}
		if s.label != "" {
			assigned = map[string]bool{}
		}
		need = false
		switch s.kind {
		case fSimple:
			for _, v := range s.assigns {
				assigned[v] = true
			}
		case fCall:
			for _, v := range b.procVars(s.callee) {
				assigned[v] = true
			}
			jumps = true
			next := i + 1
			if next < len(list) && list[next].label == "" && (list[next].kind == fReturn || list[next].kind == fGoto) {
				// call; return and call; goto form one statement.
				continue
			}
			need = true
		case fReturn:
			if !(i > 0 && list[i-1].kind == fCall) {
				for _, v := range b.procVars(s.retProc) {
					assigned[v] = true
				}
			}
			jumps = true
			need = true
		case fGoto:
			jumps = true
			need = true
		case fIf, fEither:
			union := map[string]bool{}
			inner := false
			for _, br := range s.branches {
				got, j := b.labelSeq(br, false, copySet(assigned))
				for v := range got {
					union[v] = true
				}
				if j || hasLabel(br) {
					inner = true
				}
			}
			assigned = union
			if inner {
				jumps = true
				need = true
			}
		case fWith:
			got, j := b.labelSeq(s.branches[0], false, assigned)
			assigned = got
			if j {
				jumps = true
				need = true
			}
		case fWhile:
			b.labelSeq(s.branches[0], false, copySet(assigned))
			if hasLabel(s.branches[0]) {
				jumps = true
			}
		}
	}
	return assigned, jumps
}

func copySet(m map[string]bool) map[string]bool {
	c := make(map[string]bool, len(m))
	for k := range m {
		c[k] = true
	}
	return c
}

// procVars lists the variables a call of p or a return from p assigns: p's parameters and
// local variables.
func (b *builder) procVars(name string) []string {
	p := b.procs[name]
	if p == nil {
		return nil
	}
	var out []string
	for _, prm := range p.Params {
		out = append(out, prm.Name.Name)
	}
	for _, d := range p.Locals {
		out = append(out, d.Name.Name)
	}
	return out
}

// conflicts reports whether s assigns, before any label inside it, a variable already
// assigned in the current step.
func (b *builder) conflicts(s *fstmt, assigned map[string]bool) bool {
	if len(assigned) == 0 {
		return false
	}
	for _, v := range b.stepAssigns(s) {
		if assigned[v] {
			return true
		}
	}
	return false
}

func (b *builder) stepAssigns(s *fstmt) []string {
	switch s.kind {
	case fSimple:
		return s.assigns
	case fCall:
		return b.procVars(s.callee)
	case fReturn:
		return b.procVars(s.retProc)
	case fIf, fEither, fWith:
		var out []string
		for _, br := range s.branches {
			for _, x := range br {
				if x.label != "" {
					break
				}
				out = append(out, b.stepAssigns(x)...)
			}
		}
		return out
	}
	return nil
}

// ---------------------------------------------------------------------------------------------
// Grouping into labeled statements

// body groups a process, procedure or uniprocess body; its first statement is labeled.
func (b *builder) body(list []*fstmt) []*labeledStmt {
	unlab, lab := b.group(list)
	if len(unlab) > 0 {
		// Only possible after an earlier error; keep the tree well formed.
		return nil
	}
	return lab
}

// group splits a list into the statements before its first label and the labeled
// statements after it.
func (b *builder) group(list []*fstmt) ([]stmt, []*labeledStmt) {
	var unlab []stmt
	var lab []*labeledStmt
	var cur *labeledStmt
	for i := 0; i < len(list); i++ {
		s := list[i]
		if s.label != "" {
			cur = &labeledStmt{label: s.label, mod: s.mod, at: s.at}
			lab = append(lab, cur)
		}
		var next *fstmt
		if i+1 < len(list) && list[i+1].label == "" {
			next = list[i+1]
		}
		st, skip := b.convert(s, next)
		if skip {
			i++
		}
		if cur != nil {
			cur.stmts = append(cur.stmts, st)
		} else {
			unlab = append(unlab, st)
		}
	}
	return unlab, lab
}

// convert turns one flat statement into a tree statement; skip reports that next was
// merged into it (call; return and call; goto).
func (b *builder) convert(s, next *fstmt) (stmt, bool) {
	switch s.kind {
	case fSimple:
		return s.simple, false
	case fCall:
		c := s.simple.(*callS)
		if next != nil && next.kind == fReturn {
			return &callReturnS{at: c.at, from: next.retProc, to: c.to, args: c.args}, true
		}
		if next != nil && next.kind == fGoto {
			return &callGotoS{at: c.at, after: next.gotoTo, to: c.to, args: c.args}, true
		}
		return c, false
	case fReturn:
		return &returnS{at: s.at, from: s.retProc}, false
	case fGoto:
		return &gotoS{at: s.at, to: s.gotoTo}, false
	case fIf:
		tu, tl := b.group(s.branches[0])
		eu, el := b.group(s.branches[1])
		// Like the standard translator, a label anywhere inside makes it a labeled if.
		if !hasLabel(s.branches[0]) && !hasLabel(s.branches[1]) {
			return &ifS{at: s.at, test: s.test, then: tu, els: eu}, false
		}
		return &labelIfS{at: s.at, test: s.test, unlabThen: tu, labThen: tl, unlabElse: eu, labElse: el}, false
	case fEither:
		var clauses []*clause
		labeled := false
		for _, br := range s.branches {
			u, l := b.group(br)
			clauses = append(clauses, &clause{unlabOr: u, labOr: l})
			labeled = labeled || hasLabel(br)
		}
		if !labeled {
			e := &eitherS{at: s.at}
			for _, c := range clauses {
				e.ors = append(e.ors, c.unlabOr)
			}
			return e, false
		}
		return &labelEitherS{at: s.at, clauses: clauses}, false
	case fWhile:
		u, l := b.group(s.branches[0])
		return &whileS{at: s.at, test: s.test, unlabDo: u, labDo: l}, false
	case fWith:
		body, _ := b.group(s.branches[0])
		// One with per binding, innermost first.
		for i := len(s.binds) - 1; i >= 0; i-- {
			d := s.binds[i]
			w := &withS{at: s.at, v: d.name, isEq: d.isEq, exp: d.val, do: body}
			body = []stmt{w}
		}
		if len(body) == 1 {
			return body[0], false
		}
		return &skipS{at: s.at}, false
	}
	return &skipS{at: s.at}, false
}
