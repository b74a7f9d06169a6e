package translate

import (
	"strconv"
	"strings"
)

// astString renders the algorithm as the standard translator's AST.toString does (the
// text its -writeAST option writes); chksum(pcal) is the CRC-32 of this text taken after
// translation (pluscal-translation.md §2). The layout, quirks included, follows the
// rendering captured in the corpus's pcal-checksum-input.txt files: Java's Indent /
// NewLine / EndIndent keep a stack of indentation columns, each Indent(s) pushing the
// current indentation plus the length of s.
func astString(a *algorithm) string {
	w := &astWriter{stack: []int{0}}
	w.algorithm(a)
	return w.b.String()
}

type astWriter struct {
	b     strings.Builder
	stack []int
}

func (w *astWriter) str(s string) { w.b.WriteString(s) }

func (w *astWriter) indent(s string) {
	w.b.WriteString(s)
	w.stack = append(w.stack, w.stack[len(w.stack)-1]+len(s))
}

func (w *astWriter) end() {
	if len(w.stack) > 1 {
		w.stack = w.stack[:len(w.stack)-1]
	}
}

func (w *astWriter) nl() {
	w.b.WriteString("\n")
	w.b.WriteString(spaces(w.stack[len(w.stack)-1]))
}

// seq is VectorToSeqString: << e1, \n e2 >>.
func (w *astWriter) seq(n int, elem func(i int)) {
	w.indent("<<")
	for i := 0; i < n; i++ {
		if i > 0 {
			w.str(", ")
			w.nl()
		}
		elem(i)
	}
	w.str(">>")
	w.end()
}

func quoteJava(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

// exprString is TLAExpr.toString: tokens separated by ", ", lines by a newline and ", ".
func exprString(e *texpr) string {
	var b strings.Builder
	b.WriteString("<< ")
	if e != nil {
		first := true
		for i, l := range e.lines {
			for j, t := range l {
				switch {
				case first:
				case j == 0 && i > 0:
					b.WriteString("\n, ")
				default:
					b.WriteString(", ")
				}
				first = false
				b.WriteString(tokString(t))
			}
		}
	}
	b.WriteString(" >>")
	return b.String()
}

func tokString(t tok) string {
	switch {
	case t.kind == tString:
		return `"\"", ` + quoteJava(t.s) + `, "\""`
	case t.s == `/\` || t.s == `\/`:
		// Junctions carry their column: it matters for the meaning of bulleted lists.
		return quoteJava("(col" + strconv.Itoa(t.col) + ") " + t.s)
	}
	return quoteJava(t.s)
}

func nameList(list []string) string { return "<<" + joinQuoted(list) + ">>" }

func (w *astWriter) algorithm(a *algorithm) {
	w.indent("")
	if !a.multi {
		w.str(`[type     |-> "uniprocess", `)
		w.nl()
		w.str(` name  |-> "` + a.name + `", `)
		w.nl()
		w.indent(" decls  |-> ")
		w.decls(a.decls)
		w.str(",")
		w.end()
		w.nl()
		w.indent(" defs   |-> ")
		w.str(exprString(a.defs) + ",")
		w.end()
		w.nl()
		w.indent(" prcds  |-> ")
		w.seq(len(a.prcds), func(i int) { w.procedure(a.prcds[i]) })
		w.str(",")
		w.end()
		w.nl()
		w.indent(" body  |-> ")
		w.labeledSeq(a.body)
		w.str("]")
		w.end()
		w.end()
		return
	}
	w.str(`[type    |-> "multiprocess", `)
	w.nl()
	w.str(` name  |-> "` + a.name + `", `)
	w.nl()
	w.indent(" decls |-> ")
	w.decls(a.decls)
	w.str(",")
	w.end()
	w.nl()
	w.indent(" defs  |-> ")
	w.str(exprString(a.defs) + ",")
	w.end()
	w.nl()
	w.indent(" prcds |-> ")
	w.seq(len(a.prcds), func(i int) { w.procedure(a.prcds[i]) })
	w.str(",")
	w.end()
	w.nl()
	w.indent(" procs |-> ")
	w.seq(len(a.procs), func(i int) { w.process(a.procs[i]) })
	w.str("]")
	w.end()
	w.end()
}

func (w *astWriter) decls(list []*varDecl) {
	w.seq(len(list), func(i int) {
		d := list[i]
		op := "="
		if !d.isEq {
			op = `\\in`
		}
		w.str(`[var |-> "` + d.name + `", eqOrIn |-> "` + op + `", val |-> ` + exprString(d.val) + "]")
	})
}

func (w *astWriter) procedure(p *procedure) {
	w.indent("")
	w.str(`[name   |-> "` + p.name + `", `)
	w.nl()
	w.str("minusLabels |-> " + nameList(p.minusLabels) + ", plusLabels |->" + nameList(p.plusLabels) +
		", proceduresCalled |->" + nameList(p.proceduresCalled) + ",")
	w.nl()
	w.indent(" params |-> ")
	w.decls(p.params)
	w.str(",")
	w.end()
	w.nl()
	w.indent(" decls  |-> ")
	w.decls(p.decls)
	w.str(",")
	w.end()
	w.nl()
	w.indent(" body   |-> ")
	w.labeledSeq(p.body)
	w.str("]")
	w.end()
	w.end()
}

func (w *astWriter) process(p *process) {
	w.indent("")
	w.str(`[name   |-> "` + p.name + `",`)
	w.nl()
	w.str(` fairness |-> "` + p.fairness + `", minusLabels |-> ` + nameList(p.minusLabels) + ", plusLabels |->" +
		nameList(p.plusLabels) + ", proceduresCalled |->" + nameList(p.proceduresCalled) + ",")
	w.nl()
	op := "="
	if !p.isEq {
		op = `\\in`
	}
	w.str(` eqOrIn |-> "` + op + `",`)
	w.nl()
	w.str(" id     |-> " + exprString(p.id) + ",")
	w.nl()
	w.indent(" decls  |-> ")
	w.decls(p.decls)
	w.str(",")
	w.end()
	w.nl()
	w.indent(" body   |-> ")
	w.labeledSeq(p.body)
	w.str("]")
	w.end()
	w.end()
}

func (w *astWriter) labeledSeq(list []*labeledStmt) {
	w.seq(len(list), func(i int) { w.labeled(list[i]) })
}

func (w *astWriter) labeled(ls *labeledStmt) {
	w.indent("")
	w.str(`[label |-> "` + ls.label + `",`)
	w.nl()
	w.indent(" stmts |-> ")
	w.stmts(ls.stmts)
	w.str("]")
	w.end()
	w.end()
}

func (w *astWriter) stmts(list []stmt) {
	w.seq(len(list), func(i int) { w.stmt(list[i]) })
}

func (w *astWriter) args(args []*texpr) {
	w.seq(len(args), func(i int) { w.str(exprString(args[i])) })
}

func (w *astWriter) stmt(s stmt) {
	w.indent("")
	defer w.end()
	switch s := s.(type) {
	case *assignS:
		w.str(`[type |-> "assignment",`)
		w.nl()
		w.indent(" ass  |-> ")
		w.seq(len(s.ass), func(i int) {
			a := s.ass[i]
			w.indent("")
			w.str(`[lhs |-> [var |-> "` + a.v + `", sub |-> ` + exprString(a.sub) + "],")
			w.nl()
			w.str(" rhs |-> " + exprString(a.rhs) + "]")
			w.end()
		})
		w.str("]")
		w.end()
	case *ifS:
		w.str(`[type    |-> "if", `)
		w.nl()
		w.str(" test    |-> " + exprString(s.test) + ",")
		w.nl()
		w.indent(" then |-> ")
		w.stmts(s.then)
		w.str(",")
		w.end()
		w.nl()
		w.indent(" else |-> ")
		w.stmts(s.els)
		w.str("]")
		w.end()
	case *labelIfS:
		w.str(`[type      |-> "labelIf",`)
		w.nl()
		w.str(" test      |-> " + exprString(s.test) + ",")
		w.nl()
		w.indent(" unlabThen |-> ")
		w.stmts(s.unlabThen)
		w.str(",")
		w.end()
		w.nl()
		w.indent(" labThen   |-> ")
		w.labeledSeq(s.labThen)
		w.str(",")
		w.end()
		w.nl()
		w.indent(" unlabElse |-> ")
		w.stmts(s.unlabElse)
		w.str(",")
		w.end()
		w.nl()
		w.indent(" labElse   |-> ")
		w.labeledSeq(s.labElse)
		w.str("]")
		w.end()
		w.nl()
	case *eitherS:
		w.str(`[type |-> "either", `)
		w.nl()
		w.indent(" ors  |-> ")
		w.indent("<< ")
		for i, o := range s.ors {
			if i > 0 {
				w.str(", ")
				w.nl()
			}
			w.stmts(o)
		}
		w.str(" >>]")
		w.end()
		w.end()
	case *labelEitherS:
		w.str(`[type    |-> "labelEither",`)
		w.nl()
		w.indent(" clauses |-> ")
		w.indent("<<")
		for i, c := range s.clauses {
			if i > 0 {
				w.str(", ")
				w.nl()
			}
			w.indent("")
			w.indent("[unlabOr |-> ")
			w.stmts(c.unlabOr)
			w.str(",")
			w.end()
			w.nl()
			w.indent(" labOr   |-> ")
			w.labeledSeq(c.labOr)
			w.str("]")
			w.end()
			w.nl()
			w.end()
		}
		w.str(">>]")
		w.end()
		w.end()
		w.nl()
	case *whileS:
		w.str(`[type    |-> "while", `)
		w.nl()
		w.str(" test    |-> " + exprString(s.test) + ",")
		w.nl()
		w.indent(" labDo   |-> ")
		w.labeledSeq(s.labDo)
		w.str(",")
		w.end()
		w.nl()
		w.indent(" unlabDo |-> ")
		w.stmts(s.unlabDo)
		w.str("]")
		w.end()
	case *withS:
		op := "="
		if !s.isEq {
			op = `\\in`
		}
		w.str(`[type   |-> "with", `)
		w.nl()
		w.str(` var    |-> "` + s.v + `",`)
		w.nl()
		w.str(` eqOrIn |-> "` + op + `",`)
		w.nl()
		w.str(" exp    |-> " + exprString(s.exp) + ",")
		w.nl()
		w.indent(" do     |-> ")
		w.stmts(s.do)
		w.str("]")
		w.end()
	case *whenS:
		w.str(`[type |-> "when", `)
		w.nl()
		w.str(" exp |-> " + exprString(s.exp) + "]")
	case *printS:
		w.str(`[type |-> "print", `)
		w.nl()
		w.str(" exp |-> " + exprString(s.exp) + "]")
	case *assertS:
		w.str(`[type |-> "assert", `)
		w.nl()
		w.str(" exp |-> " + exprString(s.exp) + "]")
	case *skipS:
		w.str(`[type |-> "skip"]`)
	case *returnS:
		w.str(`[type |-> "return", from |-> "` + s.from + `"]`)
	case *gotoS:
		w.str(`[type |-> "goto",  to |-> "` + s.to + `"]`)
	case *callS:
		w.str(`[type     |-> "call",`)
		w.nl()
		w.str(` returnTo |-> "` + s.returnTo + `",`)
		w.nl()
		w.str(` to       |-> "` + s.to + `",`)
		w.nl()
		w.indent(" args     |-> ")
		w.args(s.args)
		w.str("]")
		w.end()
	case *callReturnS:
		w.str(`[type     |-> "callReturn",`)
		w.nl()
		w.str(` from     |-> "` + s.from + `",`)
		w.nl()
		w.str(` to       |-> "` + s.to + `",`)
		w.nl()
		w.indent("args     |-> ")
		w.args(s.args)
		w.str("]")
		w.nl()
		w.end()
	case *callGotoS:
		w.str(`[type     |-> "callGoto",`)
		w.nl()
		w.str(` after    |-> "` + s.after + `",`)
		w.nl()
		w.str(` to       |-> "` + s.to + `",`)
		w.nl()
		w.indent("args     |-> ")
		w.args(s.args)
		w.str("]")
		w.nl()
		w.end()
	}
}
