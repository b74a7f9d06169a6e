package translate

import (
	"fmt"
	"sort"
	"strings"
)

// gen writes the TLA+ translation of an exploded algorithm, following the layout of the
// standard translator's PcalTLAGen (pluscal-translation.md §3–§11, §15).
type gen struct {
	alg   *algorithm
	ex    *exploded
	opts  Options
	width int // wrap column (78 unless -lineWidth)

	vars     []string        // all variables in declaration order
	indexed  map[string]bool // variables that are functions of the process (multiprocess)
	lines    []string
	errs     []genError
	multi    bool
	hasProcs bool
}

type genError struct {
	at  where
	msg string
}

// context of the action being generated.
type actx struct {
	self  string // text standing for the process: "self", the identifier expression, or ""
	param bool   // the action has a (self) parameter
}

func (g *gen) emit(s ...string) { g.lines = append(g.lines, s...) }

func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(" ", n)
}

// changed tracks the variables assigned so far in a step.
type changed map[string]bool

func (c changed) copy() changed {
	n := changed{}
	for k := range c {
		n[k] = true
	}
	return n
}

// subst primes variables assigned earlier in the step and indexes process-local variables
// (pluscal-translation.md §6): v becomes v', v[self] or v'[self].
func (g *gen) subst(e *texpr, c changed, cx actx) *texpr {
	if e == nil {
		return &texpr{}
	}
	return e.substitute(func(i, j int) ([]tok, bool) {
		t := e.lines[i][j]
		if t.kind != tIdent || j > 0 && e.lines[i][j-1].s == "." {
			return nil, false
		}
		prime := c[t.s]
		// pc written by the user (pc[w] = "Done") refers to the whole function.
		idx := g.multi && g.indexed[t.s] && t.s != "pc"
		if !prime && !idx {
			return nil, false
		}
		s := t.s
		if prime {
			s += "'"
		}
		if idx {
			s += "[" + cx.self + "]"
		}
		return []tok{{s: s, kind: tDone}}, true
	})
}

// wrapList lays out names separated by ", " in lines of at most maxLen characters (the
// standard translator's Changed.Unchanged).
func wrapList(names []string, maxLen int) []string {
	var out []string
	line := ""
	for i, n := range names {
		if line != "" && len(line)+len(n) > maxLen {
			out = append(out, line)
			line = ""
		}
		line += n
		if i < len(names)-1 {
			line += ", "
		}
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// unchangedLines renders the conjunct for variables left unchanged, at column col.
func (g *gen) unchangedLines(names []string, prefix string, col int) []string {
	return g.unchangedLinesIn(names, prefix, col, "<< ", " >>")
}

// unchangedLinesIn renders UNCHANGED with the given brackets: the standard translator
// writes "<< a, b >>" except in the branches of an either, where it writes "<<a, b>>".
func (g *gen) unchangedLinesIn(names []string, prefix string, col int, open, closing string) []string {
	if len(names) == 0 {
		return nil
	}
	if len(names) == 1 {
		v := names[0]
		// The standard translator writes v' = v for short names and UNCHANGED v otherwise.
		if len(v) > 5 {
			return []string{prefix + "/\\ UNCHANGED " + v}
		}
		return []string{prefix + "/\\ " + v + "' = " + v}
	}
	head := prefix + "/\\ UNCHANGED " + open
	start := col + len("/\\ UNCHANGED "+open)
	parts := wrapList(names, g.width-start)
	out := []string{head + parts[0]}
	for _, p := range parts[1:] {
		out = append(out, spaces(start)+p)
	}
	out[len(out)-1] += closing
	return out
}

// unchangedOf lists, in vars order, the variables not in c.
func (g *gen) unchangedOf(c changed) []string {
	var out []string
	for _, v := range g.vars {
		if !c[v] {
			out = append(out, v)
		}
	}
	return out
}

// diff lists, in vars order, the variables in a but not in b.
func (g *gen) diff(a, b changed) []string {
	var out []string
	for _, v := range g.vars {
		if a[v] && !b[v] {
			out = append(out, v)
		}
	}
	return out
}

// exprLines renders e after a first-line prefix; continuation lines are indented to col,
// the column where the expression starts.
func exprLines(prefix string, e []string, col int, suffix string) []string {
	if len(e) == 0 {
		return []string{prefix + suffix}
	}
	out := []string{prefix + e[0]}
	for _, l := range e[1:] {
		out = append(out, spaces(col)+l)
	}
	out[len(out)-1] += suffix
	return out
}

// seq generates a conjunction list: the first conjunct after prefix, the others at col.
func (g *gen) seq(list []stmt, c changed, cx actx, prefix string, col int) []string {
	var out []string
	for i, s := range list {
		p := spaces(col)
		if i == 0 {
			p = prefix
		}
		out = append(out, g.stmt(s, c, cx, p+"/\\ ", col+3)...)
	}
	return out
}

// stmt generates one statement whose text starts at column col, after prefix.
func (g *gen) stmt(s stmt, c changed, cx actx, prefix string, col int) []string {
	switch s := s.(type) {
	case *assignS:
		return g.assign(s, c, cx, prefix, col)
	case *ifS:
		return g.ifStmt(s, c, cx, prefix, col)
	case *eitherS:
		return g.either(s, c, cx, prefix, col)
	case *withS:
		return g.with(s, c, cx, prefix, col)
	case *whenS:
		return exprLines(prefix, g.subst(s.exp, c, cx).strings(), col, "")
	case *printS:
		return exprLines(prefix+"PrintT(", g.subst(s.exp, c, cx).strings(), col+7, ")")
	case *assertS:
		return g.assert(s, c, cx, prefix, col)
	case *skipS:
		return []string{prefix + "TRUE"}
	}
	// Labeled-if and friends were exploded away; anything else is a translator bug.
	g.errs = append(g.errs, genError{s.pos(), "internal error: unexpected statement"})
	return []string{prefix + "TRUE"}
}

func (g *gen) assert(s *assertS, c changed, cx actx, prefix string, col int) []string {
	here := col + len("Assert(")
	e := g.subst(s.exp, c, cx).strings()
	out := exprLines(prefix+"Assert(", e, here, ", ")
	msg := fmt.Sprintf(`"Failure of assertion at line %d, column %d.")`, s.at.line, s.at.col)
	last := out[len(out)-1]
	if len(last)+len(msg) >= g.width {
		out = append(out, spaces(here)+msg)
	} else {
		out[len(out)-1] = last + msg
	}
	return out
}

// assign generates x' = e, f' = [f EXCEPT ![i] = e, ...], and for a multiple assignment a
// nested conjunction list sorted by variable name.
func (g *gen) assign(s *assignS, c changed, cx actx, prefix string, col int) []string {
	// The standard translator sorts the assignments in place (visible in chksum(pcal)).
	sort.SliceStable(s.ass, func(i, j int) bool { return s.ass[i].v < s.ass[j].v })
	var groups [][]*singleAssign
	for _, a := range s.ass {
		if n := len(groups); n > 0 && groups[n-1][0].v == a.v {
			groups[n-1] = append(groups[n-1], a)
		} else {
			groups = append(groups, []*singleAssign{a})
		}
	}
	for _, grp := range groups {
		if len(grp) > 1 {
			for _, a := range grp {
				if a.sub.empty() {
					g.errs = append(g.errs, genError{s.at, "Multiple assignment to " + a.v})
					return nil
				}
			}
		}
	}
	if len(groups) == 1 {
		out := g.assignGroup(groups[0], c, cx, prefix, col)
		c[groups[0][0].v] = true
		return out
	}
	var out []string
	for i, grp := range groups {
		p := spaces(col)
		if i == 0 {
			p = prefix
		}
		out = append(out, g.assignGroup(grp, c, cx, p+"/\\ ", col+3)...)
	}
	for _, grp := range groups {
		c[grp[0].v] = true
	}
	return out
}

func (g *gen) assignGroup(grp []*singleAssign, c changed, cx actx, prefix string, col int) []string {
	v := grp[0].v
	idx := g.multi && g.indexed[v]
	if len(grp) == 1 && grp[0].sub.empty() && !idx {
		rhs := g.subst(grp[0].rhs, c, cx).strings()
		head := v + "' = "
		if len(rhs) > 0 && needsParens(rhs[0]) {
			return exprLines(prefix+head+"(", rhs, col+len(head)+1, ")")
		}
		return exprLines(prefix+head, rhs, col+len(head), "")
	}
	head := v + "' = [" + v + " EXCEPT "
	bang := col + len(head)
	var out []string
	for i, a := range grp {
		lhs := "!"
		if idx {
			lhs += "[" + cx.self + "]"
		}
		lhs += strings.Join(g.subst(a.sub, c, cx).strings(), " ") + " = "
		p := spaces(bang)
		if i == 0 {
			p = prefix + head
		}
		suffix := ","
		if i == len(grp)-1 {
			suffix = "]"
		}
		rhs := g.subst(a.rhs, c, cx).strings()
		out = append(out, exprLines(p+lhs, rhs, bang+len(lhs), suffix)...)
	}
	return out
}

func (g *gen) ifStmt(s *ifS, c changed, cx actx, prefix string, col int) []string {
	test := g.subst(s.test, c, cx).strings()
	out := exprLines(prefix+"IF ", test, col+3, "")
	ct, ce := c.copy(), c.copy()
	then := g.branch(s.then, ct, cx, spaces(col+3)+"THEN ", col+8)
	els := g.branch(s.els, ce, cx, spaces(col+3)+"ELSE ", col+8)
	then = append(then, g.unchangedLines(g.diff(ce, ct), spaces(col+8), col+8)...)
	els = append(els, g.unchangedLines(g.diff(ct, ce), spaces(col+8), col+8)...)
	for k := range ct {
		c[k] = true
	}
	for k := range ce {
		c[k] = true
	}
	out = append(out, then...)
	return append(out, els...)
}

// branch generates the statements of an IF or either branch; an empty one is TRUE.
func (g *gen) branch(list []stmt, c changed, cx actx, prefix string, col int) []string {
	if len(list) == 0 {
		return []string{prefix + "/\\ TRUE"}
	}
	return g.seq(list, c, cx, prefix, col)
}

func (g *gen) either(s *eitherS, c changed, cx actx, prefix string, col int) []string {
	cs := make([]changed, len(s.ors))
	outs := make([][]string, len(s.ors))
	for i, o := range s.ors {
		cs[i] = c.copy()
		p := spaces(col)
		if i == 0 {
			p = prefix
		}
		outs[i] = g.branch(o, cs[i], cx, p+"\\/ ", col+3)
	}
	union := c.copy()
	for _, ci := range cs {
		for k := range ci {
			union[k] = true
		}
	}
	var out []string
	for i := range s.ors {
		out = append(out, outs[i]...)
		out = append(out, g.unchangedLinesIn(g.diff(union, cs[i]), spaces(col+3), col+3, "<<", ">>")...)
	}
	for k := range union {
		c[k] = true
	}
	return out
}

func (g *gen) with(s *withS, c changed, cx actx, prefix string, col int) []string {
	e := g.subst(s.exp, c, cx).strings()
	var out []string
	if s.isEq {
		head := "LET " + s.v + " == "
		out = exprLines(prefix+head, e, col+len(head), " IN")
	} else {
		head := "\\E " + s.v + " \\in "
		out = exprLines(prefix+head, e, col+len(head), ":")
	}
	if len(s.do) == 1 {
		return append(out, g.stmt(s.do[0], c, cx, spaces(col+2), col+2)...)
	}
	return append(out, g.seq(s.do, c, cx, spaces(col+2), col+2)...)
}
