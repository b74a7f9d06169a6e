package translate

import (
	"strings"
)

func newGen(alg *algorithm, ex *exploded, opts Options) *gen {
	g := &gen{alg: alg, ex: ex, opts: opts, width: opts.lineWidth(), multi: alg.multi, hasProcs: len(alg.prcds) > 0}
	g.indexed = map[string]bool{"pc": true, "stack": true}
	g.vars = []string{"pc"}
	for _, d := range alg.decls {
		g.vars = append(g.vars, d.name)
	}
	if g.hasProcs {
		g.vars = append(g.vars, "stack")
	}
	for _, p := range alg.prcds {
		for _, d := range p.params {
			g.vars = append(g.vars, d.name)
			g.indexed[d.name] = true
		}
		for _, d := range p.decls {
			g.vars = append(g.vars, d.name)
			g.indexed[d.name] = true
		}
	}
	for _, p := range alg.procs {
		for _, d := range p.decls {
			g.vars = append(g.vars, d.name)
			if !p.isEq {
				g.indexed[d.name] = true
			}
		}
	}
	return g
}

// needsDefault reports whether the translation must declare defaultInitValue.
func (g *gen) needsDefault() bool {
	uses := func(d *varDecl) bool {
		return d.isEq && d.val.single() && d.val.lines[0][0].s == "defaultInitValue"
	}
	for _, d := range g.alg.decls {
		if uses(d) {
			return true
		}
	}
	for _, p := range g.alg.prcds {
		if len(p.params) > 0 {
			return true
		}
		for _, d := range p.decls {
			if uses(d) {
				return true
			}
		}
	}
	// Not in the corpus: a process variable without initial value needs it too.
	for _, p := range g.alg.procs {
		for _, d := range p.decls {
			if uses(d) {
				return true
			}
		}
	}
	return false
}

// generate returns the translation's lines (the text between the markers).
func (g *gen) generate(renamed []string, terminating bool) []string {
	g.emit(renamed...)
	if g.needsDefault() {
		g.emit("CONSTANT defaultInitValue")
	}
	first := []string{"pc"}
	for _, d := range g.alg.decls {
		first = append(first, d.name)
	}
	if g.hasProcs {
		first = append(first, "stack")
	}
	rest := g.vars[len(first):]
	if !g.alg.defs.empty() {
		g.varDecl(first)
		g.emit("", "(* define statement *)")
		g.emit(g.alg.defs.strings()...)
		g.emit("")
		// Without procedure or process variables the second declaration is an empty line.
		if len(rest) > 0 {
			g.varDecl(rest)
		}
		g.emit("")
	} else {
		g.varDecl(g.vars)
		g.emit("")
	}
	parts := wrapList(g.vars, g.width-len("vars == << ")-len(" >>"))
	head := "vars == << "
	for i, p := range parts {
		if i == 0 {
			parts[i] = head + p
		} else {
			parts[i] = spaces(len(head)) + p
		}
	}
	parts[len(parts)-1] += " >>"
	g.emit(parts...)
	g.emit("")
	if g.multi {
		var sets []string
		for _, p := range g.alg.procs {
			id := strings.Join(p.id.strings(), " ")
			if p.isEq {
				sets = append(sets, "{"+id+"}")
			} else {
				sets = append(sets, "("+id+")")
			}
		}
		g.emit("ProcSet == "+strings.Join(sets, " \\cup "), "")
	}
	g.init()
	g.emit("")
	for i, p := range g.alg.prcds {
		cx := actx{self: "self", param: g.multi}
		for _, ls := range g.ex.prcds[i] {
			g.action(ls, cx)
		}
		g.disjunction(p.name, cx, g.ex.prcds[i])
	}
	for i, p := range g.alg.procs {
		cx := actx{self: "self", param: true}
		if p.isEq {
			cx = actx{self: p.id.oneLine()}
		}
		for _, ls := range g.ex.procs[i] {
			g.action(ls, cx)
		}
		g.disjunction(p.name, cx, g.ex.procs[i])
	}
	if !g.multi {
		for _, ls := range g.ex.body {
			g.action(ls, actx{})
		}
	}
	if terminating {
		g.emit("(* Allow infinite stuttering to prevent deadlock on termination. *)")
		if g.multi {
			g.emit(`Terminating == /\ \A self \in ProcSet: pc[self] = "Done"`,
				`               /\ UNCHANGED vars`)
		} else {
			g.emit(`Terminating == pc = "Done" /\ UNCHANGED vars`)
		}
		g.emit("")
	}
	g.next(terminating)
	g.spec()
	if terminating {
		if g.multi {
			g.emit(`Termination == <>(\A self \in ProcSet: pc[self] = "Done")`)
		} else {
			g.emit(`Termination == <>(pc = "Done")`)
		}
		g.emit("")
	}
	return g.lines
}

func (g *gen) varDecl(names []string) {
	kw := "VARIABLES "
	if len(names) == 1 {
		kw = "VARIABLE "
	}
	parts := wrapList(names, g.width-len(kw))
	for i, p := range parts {
		if i == 0 {
			g.emit(kw + p)
		} else {
			g.emit(spaces(len(kw)) + p)
		}
	}
}

// init generates Init (pluscal-translation.md §5).
func (g *gen) init() {
	const col = 8 // "Init == "
	type group struct {
		comment string
		lines   [][]string
	}
	var groups []group
	conj := func(name, op string, val []string, paren bool) []string {
		head := "/\\ " + name + " " + op + " "
		if paren && len(val) > 0 && needsParens(val[0]) {
			return exprLines(head+"(", val, col+len(head)+1, ")")
		}
		return exprLines(head, val, col+len(head), "")
	}
	op := func(d *varDecl) string {
		if d.isEq {
			return "="
		}
		return `\in`
	}
	if len(g.alg.decls) > 0 {
		gr := group{comment: "(* Global variables *)"}
		for _, d := range g.alg.decls {
			gr.lines = append(gr.lines, conj(d.name, op(d), d.val.strings(), true))
		}
		groups = append(groups, gr)
	}
	for _, p := range g.alg.prcds {
		gr := group{comment: "(* Procedure " + p.name + " *)"}
		for _, d := range append(append([]*varDecl(nil), p.params...), p.decls...) {
			if g.multi {
				val := d.val.strings()
				gr.lines = append(gr.lines, conj(d.name, "=", wrapExpr("[ self \\in ProcSet |-> ", val, "]"), false))
			} else {
				gr.lines = append(gr.lines, conj(d.name, op(d), d.val.strings(), true))
			}
		}
		if len(gr.lines) > 0 {
			groups = append(groups, gr)
		}
	}
	for _, p := range g.alg.procs {
		gr := group{comment: "(* Process " + p.name + " *)"}
		set := p.id.oneLine()
		for _, d := range p.decls {
			val := d.val.strings()
			switch {
			case p.isEq:
				gr.lines = append(gr.lines, conj(d.name, op(d), val, false))
			case d.isEq:
				gr.lines = append(gr.lines, conj(d.name, "=", wrapExpr("[self \\in "+set+" |-> ", val, "]"), false))
			default:
				gr.lines = append(gr.lines, conj(d.name, `\in`, wrapExpr("["+set+" -> ", val, "]"), false))
			}
		}
		if len(gr.lines) > 0 {
			groups = append(groups, gr)
		}
	}
	var tail [][]string
	if g.hasProcs {
		if g.multi {
			tail = append(tail, []string{`/\ stack = [self \in ProcSet |-> << >>]`})
		} else {
			tail = append(tail, []string{`/\ stack = << >>`})
		}
	}
	tail = append(tail, g.pcInit())
	var out []string
	for i, gr := range groups {
		if i == 0 {
			out = append(out, "Init == "+gr.comment)
		} else {
			out = append(out, spaces(col)+gr.comment)
		}
		for _, l := range gr.lines {
			out = append(out, indentAll(l, col)...)
		}
	}
	for _, l := range tail {
		out = append(out, indentAll(l, col)...)
	}
	if len(groups) == 0 {
		out[0] = "Init == " + strings.TrimLeft(out[0], " ")
	}
	g.emit(out...)
}

// wrapExpr puts before and after around a rendered expression; continuation lines move
// right by len(before).
func wrapExpr(before string, e []string, after string) []string {
	out := exprLines(before, e, len(before), after)
	return out
}

func indentAll(lines []string, col int) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = spaces(col) + l
	}
	return out
}

func (g *gen) pcInit() []string {
	if !g.multi {
		return []string{`/\ pc = "` + firstLabel(g.alg.body, "Done") + `"`}
	}
	if len(g.alg.procs) == 1 {
		return []string{`/\ pc = [self \in ProcSet |-> "` + firstLabel(g.alg.procs[0].body, "Done") + `"]`}
	}
	head := `/\ pc = [self \in ProcSet |-> CASE `
	var out []string
	for i, p := range g.alg.procs {
		cond := "self = " + p.id.oneLine()
		if !p.isEq {
			cond = `self \in ` + p.id.oneLine()
		}
		arm := cond + ` -> "` + firstLabel(p.body, "Done") + `"`
		if i == 0 {
			out = append(out, head+arm)
		} else {
			out = append(out, spaces(len(head)-3)+"[] "+arm)
		}
	}
	out[len(out)-1] += "]"
	return out
}

// action generates the operator of one labeled statement.
func (g *gen) action(ls *labeledStmt, cx actx) {
	name := ls.label
	if cx.param {
		name += "(self)"
	}
	head := name + " == "
	col := len(head)
	guard := `pc = "` + ls.label + `"`
	if g.multi {
		guard = `pc[` + cx.self + `] = "` + ls.label + `"`
	}
	c := changed{}
	out := []string{head + `/\ ` + guard}
	out = append(out, g.seq(ls.stmts, c, cx, spaces(col), col)...)
	out = append(out, g.unchangedLines(g.unchangedOf(c), spaces(col), col)...)
	g.emit(out...)
	g.emit("")
}

// disjunction generates Name == l1 \/ l2 ... for a process or procedure.
func (g *gen) disjunction(name string, cx actx, body []*labeledStmt) {
	var items []string
	for _, ls := range body {
		if cx.param {
			items = append(items, ls.label+"(self)")
		} else {
			items = append(items, ls.label)
		}
	}
	head := name
	if cx.param {
		head += "(self)"
	}
	head += " == "
	g.emit(g.orList(head, items)...)
	g.emit("")
}

// orList lays out head item1 \/ item2 ..., wrapping before the 78th column with the
// continuation lines starting with \/ three columns right of the head.
func (g *gen) orList(head string, items []string) []string {
	if len(items) == 0 {
		return []string{head + "FALSE"}
	}
	var out []string
	line := head + items[0]
	for _, it := range items[1:] {
		if len(line)+4+len(it) > g.width {
			out = append(out, line)
			line = spaces(len(head)+3) + `\/ ` + it
			continue
		}
		line += ` \/ ` + it
	}
	return append(out, line)
}

func (g *gen) next(terminating bool) {
	const head = "Next == "
	var lines []string
	cont := func(s string) string { return spaces(len(head)+3) + `\/ ` + s }
	if !g.multi {
		var items []string
		for _, p := range g.alg.prcds {
			items = append(items, p.name)
		}
		for _, ls := range g.ex.body {
			items = append(items, ls.label)
		}
		lines = g.orList(head, items)
	} else {
		var singles []string
		for _, p := range g.alg.procs {
			if p.isEq {
				singles = append(singles, p.name)
			}
		}
		var terms [][]string
		if len(g.alg.prcds) > 0 {
			var items []string
			for _, p := range g.alg.prcds {
				items = append(items, p.name+"(self)")
			}
			one := `(\E self \in ProcSet: ` + strings.Join(items, ` \/ `) + ")"
			if len(head)+3+len(one) <= g.width {
				terms = append(terms, []string{one})
			} else {
				// A bulleted disjunction inside the quantifier (procs_multi).
				start := `(\E self \in ProcSet:  `
				t := []string{start + `\/ ` + items[0]}
				for i, it := range items[1:] {
					last := &t[len(t)-1]
					extra := 0
					if i == len(items)-2 {
						extra = 1 // the closing parenthesis
					}
					if len(head)+len(*last)+4+len(it)+extra > g.width {
						t = append(t, spaces(len(start))+`\/ `+it)
						continue
					}
					*last += ` \/ ` + it
				}
				t[len(t)-1] += ")"
				terms = append(terms, t)
			}
		}
		for _, p := range g.alg.procs {
			if !p.isEq {
				terms = append(terms, []string{`(\E self \in ` + p.id.oneLine() + `: ` + p.name + `(self))`})
			}
		}
		if len(singles) > 0 {
			lines = g.orList(head, singles)
		}
		for _, t := range terms {
			if len(lines) == 0 {
				lines = append(lines, head+t[0])
				for _, l := range t[1:] {
					lines = append(lines, spaces(len(head))+l)
				}
				continue
			}
			lines = append(lines, cont(t[0]))
			for _, l := range t[1:] {
				lines = append(lines, spaces(len(head)+3)+l)
			}
		}
	}
	if terminating {
		if len(lines) == 0 {
			lines = append(lines, head+"Terminating")
		} else {
			lines = append(lines, cont("Terminating"))
		}
	}
	g.emit(lines...)
	g.emit("")
}

// spec generates Spec with the fairness conjuncts (pluscal-translation.md §10).
func (g *gen) spec() {
	var conj []string
	o := g.opts
	if !g.multi {
		if g.alg.fair || o.WF || o.SF || o.Termination || o.WFNext {
			conj = append(conj, `/\ WF_vars(Next)`)
		}
	} else if g.alg.fair {
		conj = append(conj, `/\ WF_vars(Next)`)
	} else {
		if o.WFNext {
			conj = append(conj, `/\ WF_vars(Next)`)
		}
		procs := map[string]*procedure{}
		for _, p := range g.alg.prcds {
			procs[p.name] = p
		}
		for _, p := range g.alg.procs {
			fair := p.fairness
			if fair == unfair && !o.WFNext {
				switch {
				case o.SF:
					fair = sf
				case o.WF || o.Termination:
					fair = wf
				}
			}
			if fair == unfair {
				continue
			}
			self := "self"
			if p.isEq {
				self = p.id.oneLine()
			}
			items := []string{g.fairItem(fair, p.name, p.isEq, self, p.minusLabels, p.plusLabels, false)}
			for _, name := range p.proceduresCalled {
				if q := procs[name]; q != nil {
					items = append(items, g.fairItem(fair, q.name, false, self, q.minusLabels, q.plusLabels, true))
				}
			}
			prefix := "/\\ "
			if !p.isEq {
				prefix += `\A self \in ` + p.id.oneLine() + ` : `
			}
			one := prefix + strings.Join(items, ` /\ `)
			if len(items) == 1 || 8+len(one) <= g.width {
				conj = append(conj, one)
				continue
			}
			conj = append(conj, prefix+`/\ `+items[0])
			for _, it := range items[1:] {
				conj = append(conj, spaces(len(prefix))+`/\ `+it)
			}
		}
	}
	if len(conj) == 0 {
		g.emit("Spec == Init /\\ [][Next]_vars", "")
		return
	}
	g.emit(`Spec == /\ Init /\ [][Next]_vars`)
	for _, c := range conj {
		g.emit(spaces(8) + c)
	}
	g.emit("")
}

// fairItem renders the fairness of one process or of a procedure it calls: the process's
// WF/SF restricted by its "-" labels, then SF for each "+" label.
func (g *gen) fairItem(fair, name string, single bool, self string, minus, plus []string, procedure bool) string {
	kind := "WF_vars("
	if fair == sf {
		kind = "SF_vars("
	}
	pcRef := "pc[" + self + "]"
	action := name
	if !single {
		action = name + "(" + self + ")"
	}
	var b strings.Builder
	b.WriteString(kind)
	switch len(minus) {
	case 0:
		b.WriteString(action)
	case 1:
		b.WriteString("(" + pcRef + ` # "` + minus[0] + `") /\ ` + action)
	default:
		q := make([]string, len(minus))
		for i, m := range minus {
			q[i] = `"` + m + `"`
		}
		b.WriteString("(" + pcRef + ` \notin {` + strings.Join(q, ", ") + `}) /\ ` + action)
	}
	b.WriteString(")")
	if fair == wf {
		for _, l := range plus {
			if single {
				b.WriteString(` /\ SF_vars(` + l + `)`)
			} else {
				b.WriteString(` /\ SF_vars(` + l + `(` + self + `))`)
			}
		}
	}
	return b.String()
}
