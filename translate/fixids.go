package translate

import (
	"fmt"
	"strings"
)

// symbol kinds of the renaming table.
const (
	symGlobal = iota
	symLabel
	symProcessVar
	symProcedureVar
	symParam
	symProcess
	symProcedure
)

type symbol struct {
	kind    int
	id      string
	use     string // the name after renaming
	context string // owning process or procedure
	ctxKind string // "process" or "procedure"
	at      where
}

// fixIDs checks the declarations (pluscal-translation.md §13, §17), renames clashing
// labels and variables as the standard translator does, and fills in the fairness lists
// of processes and procedures. It returns the comment lines reporting the renamings.
func (b *builder) fixIDs(alg *algorithm) []string {
	var table []*symbol
	add := func(s *symbol) { s.use = s.id; table = append(table, s) }

	globals := map[string]bool{"pc": true}
	add(&symbol{kind: symGlobal, id: "pc"})
	for _, d := range alg.decls {
		if globals[d.name] {
			b.errorAt(d.at, "Global variable %s redefined", d.name)
			continue
		}
		globals[d.name] = true
		add(&symbol{kind: symGlobal, id: d.name, at: d.at})
	}
	procNames := map[string]bool{}
	for _, p := range alg.prcds {
		if procNames[p.name] {
			b.errorAt(p.at, "Procedure %s redefined", p.name)
		}
		procNames[p.name] = true
		add(&symbol{kind: symProcedure, id: p.name, at: p.at})
	}
	processNames := map[string]bool{}
	for _, p := range alg.procs {
		if processNames[p.name] {
			b.errorAt(p.at, "Process %s redefined", p.name)
		}
		processNames[p.name] = true
		add(&symbol{kind: symProcess, id: p.name, at: p.at})
	}
	// Labels, procedures first, each context checked for duplicates.
	addLabels := func(body []*labeledStmt, ctx, ctxKind string) {
		seen := map[string]bool{}
		walkLabeled(body, func(ls *labeledStmt) {
			if seen[ls.label] {
				b.errorAt(ls.at, "Label %s redefined", ls.label)
				return
			}
			seen[ls.label] = true
			add(&symbol{kind: symLabel, id: ls.label, context: ctx, ctxKind: ctxKind, at: ls.at})
		})
	}
	for _, p := range alg.prcds {
		addLabels(p.body, p.name, "procedure")
	}
	for _, p := range alg.procs {
		addLabels(p.body, p.name, "process")
	}
	if !alg.multi {
		addLabels(alg.body, "", "")
	}
	addVars := func(decls []*varDecl, kind int, ctx, ctxKind, what string, seen map[string]bool) {
		for _, d := range decls {
			if globals[d.name] || seen[d.name] {
				b.errorAt(d.at, "%s %s redefined", what, d.name)
				continue
			}
			seen[d.name] = true
			add(&symbol{kind: kind, id: d.name, context: ctx, ctxKind: ctxKind, at: d.at})
		}
	}
	for _, p := range alg.procs {
		addVars(p.decls, symProcessVar, p.name, "process", "Process variable", map[string]bool{})
	}
	for _, p := range alg.prcds {
		seen := map[string]bool{}
		addVars(p.params, symParam, p.name, "procedure", "Parameter", seen)
		addVars(p.decls, symProcedureVar, p.name, "procedure", "Procedure variable", seen)
	}
	if len(b.errs) > 0 {
		return nil
	}

	// Disambiguate: labels, then process variables, procedure variables, parameters.
	taken := func(self *symbol, name string) bool {
		for _, s := range table {
			if s != self && s.use == name {
				return true
			}
		}
		return false
	}
	var report []string
	for _, kind := range []int{symLabel, symProcessVar, symProcedureVar, symParam} {
		for _, s := range table {
			if s.kind != kind || !taken(s, s.use) {
				continue
			}
			for i := 0; i <= len(s.context); i++ {
				cand := s.id + "_" + s.context[:i]
				if !taken(s, cand) {
					s.use = cand
					break
				}
			}
			if s.use == s.id {
				continue
			}
			var what string
			switch kind {
			case symLabel:
				what = "Label"
			case symProcessVar:
				what = "Process variable"
			case symProcedureVar:
				what = "Procedure variable"
			default:
				what = "Parameter"
			}
			ctx := ""
			if s.ctxKind != "" {
				ctx = fmt.Sprintf(" of %s %s", s.ctxKind, s.context)
			}
			report = append(report, fmt.Sprintf(`\* %s %s%s at line %d col %d changed to %s`,
				what, s.id, ctx, s.at.line, s.at.col, s.use))
		}
	}

	rename := func(kind int, ctx string) map[string]string {
		m := map[string]string{}
		for _, s := range table {
			if s.kind == kind && s.context == ctx && s.use != s.id {
				m[s.id] = s.use
			}
		}
		return m
	}
	merge := func(ms ...map[string]string) map[string]string {
		out := map[string]string{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	for _, p := range alg.prcds {
		labels := rename(symLabel, p.name)
		vars := merge(rename(symParam, p.name), rename(symProcedureVar, p.name))
		for _, d := range p.params {
			if n, ok := vars[d.name]; ok {
				d.name = n
			}
		}
		for _, d := range p.decls {
			if n, ok := vars[d.name]; ok {
				d.name = n
			}
			d.val = renameExpr(d.val, vars)
		}
		b.curProc = p.name
		b.renameBody(p.body, labels, vars)
	}
	b.curProc = ""
	for _, p := range alg.procs {
		labels := rename(symLabel, p.name)
		vars := rename(symProcessVar, p.name)
		for _, d := range p.decls {
			if n, ok := vars[d.name]; ok {
				d.name = n
			}
			d.val = renameExpr(d.val, vars)
		}
		b.renameBody(p.body, labels, vars)
	}
	if !alg.multi {
		b.renameBody(alg.body, rename(symLabel, ""), nil)
	}
	return report
}

// walkLabeled visits every labeled statement of a body, nested ones included, in order.
func walkLabeled(list []*labeledStmt, f func(*labeledStmt)) {
	for _, ls := range list {
		f(ls)
		walkStmts(ls.stmts, f)
	}
}

func walkStmts(list []stmt, f func(*labeledStmt)) {
	for _, s := range list {
		switch s := s.(type) {
		case *ifS:
			walkStmts(s.then, f)
			walkStmts(s.els, f)
		case *labelIfS:
			walkStmts(s.unlabThen, f)
			walkLabeled(s.labThen, f)
			walkStmts(s.unlabElse, f)
			walkLabeled(s.labElse, f)
		case *eitherS:
			for _, o := range s.ors {
				walkStmts(o, f)
			}
		case *labelEitherS:
			for _, c := range s.clauses {
				walkStmts(c.unlabOr, f)
				walkLabeled(c.labOr, f)
			}
		case *whileS:
			walkStmts(s.unlabDo, f)
			walkLabeled(s.labDo, f)
		case *withS:
			walkStmts(s.do, f)
		}
	}
}

// renameExpr renames variable tokens (not record fields after ".").
func renameExpr(e *texpr, vars map[string]string) *texpr {
	if len(vars) == 0 || e == nil {
		return e
	}
	return e.substitute(func(i, j int) ([]tok, bool) {
		t := e.lines[i][j]
		if t.kind != tIdent || (j > 0 && e.lines[i][j-1].s == ".") {
			return nil, false
		}
		n, ok := vars[t.s]
		if !ok {
			return nil, false
		}
		return []tok{{s: n, kind: tIdent}}, true
	})
}

// renameBody applies label and variable renamings to a body.
func (b *builder) renameBody(body []*labeledStmt, labels, vars map[string]string) {
	lbl := func(s string) string {
		if n, ok := labels[s]; ok {
			return n
		}
		return s
	}
	walkLabeled(body, func(ls *labeledStmt) { ls.label = lbl(ls.label) })
	var stmts func([]stmt)
	var lab func([]*labeledStmt)
	lab = func(list []*labeledStmt) {
		for _, ls := range list {
			stmts(ls.stmts)
		}
	}
	ex := func(e *texpr) *texpr { return renameExpr(e, vars) }
	stmts = func(list []stmt) {
		for _, s := range list {
			switch s := s.(type) {
			case *assignS:
				for _, a := range s.ass {
					if n, ok := vars[a.v]; ok {
						a.v = n
					}
					a.sub = ex(a.sub)
					a.rhs = ex(a.rhs)
				}
			case *ifS:
				s.test = ex(s.test)
				stmts(s.then)
				stmts(s.els)
			case *labelIfS:
				s.test = ex(s.test)
				stmts(s.unlabThen)
				lab(s.labThen)
				stmts(s.unlabElse)
				lab(s.labElse)
			case *eitherS:
				for _, o := range s.ors {
					stmts(o)
				}
			case *labelEitherS:
				for _, c := range s.clauses {
					stmts(c.unlabOr)
					lab(c.labOr)
				}
			case *whileS:
				s.test = ex(s.test)
				stmts(s.unlabDo)
				lab(s.labDo)
			case *withS:
				s.exp = ex(s.exp)
				stmts(s.do)
			case *whenS:
				s.exp = ex(s.exp)
			case *printS:
				s.exp = ex(s.exp)
			case *assertS:
				s.exp = ex(s.exp)
			case *gotoS:
				s.to = lbl(s.to)
			case *callS:
				for i := range s.args {
					s.args[i] = ex(s.args[i])
				}
			case *callReturnS:
				for i := range s.args {
					s.args[i] = ex(s.args[i])
				}
			case *callGotoS:
				s.after = lbl(s.after)
				for i := range s.args {
					s.args[i] = ex(s.args[i])
				}
			}
		}
	}
	lab(body)
}

// checkRefs reports gotos to missing labels, calls of missing procedures or with the
// wrong number of arguments, and assignments to names that are not variables.
func (b *builder) checkRefs(alg *algorithm) {
	procs := map[string]*procedure{}
	for _, p := range alg.prcds {
		procs[p.name] = p
	}
	globals := map[string]bool{"pc": true}
	for _, d := range alg.decls {
		globals[d.name] = true
	}
	check := func(body []*labeledStmt, locals map[string]bool) {
		labels := map[string]bool{"Done": true}
		walkLabeled(body, func(ls *labeledStmt) { labels[ls.label] = true })
		call := func(at where, to string, n int) {
			p := procs[to]
			if p == nil {
				b.errorAt(at, "Call of non-existent procedure %s", to)
				return
			}
			if len(p.params) != n {
				b.errorAt(at, "Procedure %s called with wrong number of arguments", to)
			}
		}
		gotoLabel := func(at where, l string) {
			if !labels[l] {
				b.errorAt(at, "goto to non-existent label `%s'", l)
			}
		}
		var stmts func([]stmt)
		stmts = func(list []stmt) {
			for _, s := range list {
				switch s := s.(type) {
				case *assignS:
					for _, a := range s.ass {
						if !globals[a.v] && !locals[a.v] || a.v == "pc" {
							b.errorAt(a.at, "Assignment to undeclared variable %s", a.v)
						}
					}
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
				case *gotoS:
					gotoLabel(s.at, s.to)
				case *callS:
					call(s.at, s.to, len(s.args))
				case *callReturnS:
					call(s.at, s.to, len(s.args))
				case *callGotoS:
					call(s.at, s.to, len(s.args))
					gotoLabel(s.at, s.after)
				}
			}
		}
		walkLabeled(body, func(ls *labeledStmt) { stmts(ls.stmts) })
	}
	for _, p := range alg.prcds {
		locals := map[string]bool{}
		for _, d := range p.params {
			locals[d.name] = true
		}
		for _, d := range p.decls {
			locals[d.name] = true
		}
		check(p.body, locals)
	}
	for _, p := range alg.procs {
		locals := map[string]bool{}
		for _, d := range p.decls {
			locals[d.name] = true
		}
		check(p.body, locals)
	}
	if !alg.multi {
		check(alg.body, map[string]bool{})
	}
}

// fairnessLists fills minusLabels, plusLabels and proceduresCalled.
func fairnessLists(alg *algorithm) {
	direct := func(body []*labeledStmt) (calls, plus, minus []string) {
		seen := map[string]bool{}
		note := func(to string) {
			if !seen[to] {
				seen[to] = true
				calls = append(calls, to)
			}
		}
		var stmts func([]stmt)
		stmts = func(list []stmt) {
			for _, s := range list {
				switch s := s.(type) {
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
				case *callS:
					note(s.to)
				case *callReturnS:
					note(s.to)
				case *callGotoS:
					note(s.to)
				}
			}
		}
		walkLabeled(body, func(ls *labeledStmt) {
			switch ls.mod {
			case '+':
				plus = append(plus, ls.label)
			case '-':
				minus = append(minus, ls.label)
			}
			stmts(ls.stmts)
		})
		return
	}
	byName := map[string]*procedure{}
	for _, p := range alg.prcds {
		p.proceduresCalled, p.plusLabels, p.minusLabels = direct(p.body)
		byName[p.name] = p
	}
	if !alg.multi && len(alg.prcds) > 0 {
		// The standard translator records the calls and label modifiers of a uniprocess
		// body in the last procedure declared (visible only in chksum(pcal)).
		last := alg.prcds[len(alg.prcds)-1]
		calls, plus, minus := direct(alg.body)
		last.proceduresCalled = appendNew(last.proceduresCalled, calls)
		last.plusLabels = append(last.plusLabels, plus...)
		last.minusLabels = append(last.minusLabels, minus...)
	}
	for _, p := range alg.procs {
		calls, plus, minus := direct(p.body)
		p.plusLabels, p.minusLabels = plus, minus
		seen := map[string]bool{}
		for _, c := range calls {
			seen[c] = true
		}
		for i := 0; i < len(calls); i++ {
			if q := byName[calls[i]]; q != nil {
				for _, c := range q.proceduresCalled {
					if !seen[c] {
						seen[c] = true
						calls = append(calls, c)
					}
				}
			}
		}
		p.proceduresCalled = calls
	}
}

// joinQuoted renders <<"a", "b">>-style lists of the checksum text.
func joinQuoted(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = `"` + s + `"`
	}
	return strings.Join(q, ", ")
}

func appendNew(list, more []string) []string {
	for _, m := range more {
		found := false
		for _, x := range list {
			found = found || x == m
		}
		if !found {
			list = append(list, m)
		}
	}
	return list
}
