package check

import (
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/normalize"
)

// labelChecks applies the labeling rules of mpcal.md §4.2 and the goto rules of §4.3 to one
// (macro-expanded) body.
func (c *checker) labelChecks(b *bodyCtx, blk *ast.Block) {
	labels := map[string]*ast.LabeledStmt{}
	var gotos []*ast.GotoStmt
	var collect func(list []ast.Stmt)
	collect = func(list []ast.Stmt) {
		for _, s := range list {
			c.cur = s
			switch s := s.(type) {
			case *ast.LabeledStmt:
				name := s.Label.Name
				switch {
				case name == "Done" || name == "Error" && c.alg.Kind == ast.MPCal:
					// plain PlusCal reserves only Done (pluscal-translation.md §12)
					c.errorf(s.Label.Pos(), ReservedLabelError, "%s is a reserved label name", name)
				case labels[name] != nil:
					c.errorf(s.Label.Pos(), DuplicateLabelError, "label %s is already defined in %s at %s", name, b.what(), c.where(s.Label.Pos(), labels[name].Label.Pos()))
				default:
					labels[name] = s
				}
				collect(s.Stmts)
			case *ast.GotoStmt:
				gotos = append(gotos, s)
			}
			for _, sub := range children(s) {
				collect(sub)
			}
		}
	}
	collect(blk.Stmts)
	for _, g := range gotos {
		c.cur = g
		name := g.Label.Name
		switch {
		case labels[name] != nil:
			c.info.Uses[g.Label] = c.info.Defs[labels[name].Label]
		case name == "Done" || name == "Error":
			c.info.Uses[g.Label] = &Symbol{Kind: LabelName, Name: name, Owner: b.owner}
			if name == "Done" && b.kind == bodyMPCalProc {
				c.errorf(g.Pos(), ProcedureDoneLabelError, "goto Done in the MPCal procedure %s (a procedure ends with return)", b.name)
			}
		default:
			c.errorf(g.Label.Pos(), LabelNotDefinedError, "goto %s: no label %s in %s", name, name, b.what())
		}
	}
	c.cur = nil
	if b.auto || c.resolveOnly {
		return
	}
	list := normalize.Regroup(blk.Stmts)
	if len(list) > 0 && !b.mapping() {
		if _, ok := list[0].(*ast.LabeledStmt); !ok {
			c.cur = list[0]
			c.errorf(list[0].Pos(), LabelRequiredError, "the first statement of %s must be labeled", b.what())
		}
	}
	c.labelList(b, blk.Stmts, b.mapping())
	c.cur = nil
}

// children returns the statement lists directly inside a compound statement.
func children(s ast.Stmt) [][]ast.Stmt {
	switch s := s.(type) {
	case *ast.Block:
		return [][]ast.Stmt{s.Stmts}
	case *ast.IfStmt:
		out := [][]ast.Stmt{stmtsOf(s.Then)}
		if s.Else != nil {
			out = append(out, s.Else.Stmts)
		}
		return out
	case *ast.WhileStmt:
		return [][]ast.Stmt{stmtsOf(s.Body)}
	case *ast.EitherStmt:
		out := make([][]ast.Stmt, 0, len(s.Branches))
		for _, b := range s.Branches {
			out = append(out, stmtsOf(b))
		}
		return out
	case *ast.WithStmt:
		return [][]ast.Stmt{stmtsOf(s.Body)}
	}
	return nil
}

func stmtsOf(b *ast.Block) []ast.Stmt {
	if b == nil {
		return nil
	}
	return b.Stmts
}

// labelList checks one statement list: labels where they are forbidden (inside with bodies
// and mapping macros), while statements that do not start a labeled list, and statements
// that must be labeled because of what precedes them (mpcal.md §4.2 rules 2–4).
func (c *checker) labelList(b *bodyCtx, stmts []ast.Stmt, forbidden bool) {
	list := normalize.Regroup(stmts)
	seq := func(run []ast.Stmt, labeled bool) {
		for j, s := range run {
			c.cur = s
			if w, ok := s.(*ast.WhileStmt); ok && (j > 0 || !labeled) {
				c.errorf(w.Pos(), LabelRequiredError, "a while must be the first statement of a labeled statement; label it")
			}
			if j > 0 && needsLabelAfter(run[j-1]) && !(isCall(run[j-1]) && isJump(s)) {
				c.errorf(s.Pos(), LabelRequiredError, "this statement must be labeled (it follows %s)", describeTrigger(run[j-1]))
			}
			for _, sub := range children(s) {
				_, with := s.(*ast.WithStmt)
				c.labelList(b, sub, forbidden || with)
			}
		}
	}
	i := 0
	for i < len(list) {
		if _, ok := list[i].(*ast.LabeledStmt); ok {
			break
		}
		i++
	}
	seq(list[:i], false)
	for _, s := range list[i:] {
		l, ok := s.(*ast.LabeledStmt)
		if !ok {
			continue
		}
		if forbidden {
			c.cur = l
			where := "a with statement"
			if b.mapping() {
				where = b.what()
			}
			c.errorf(l.Label.Pos(), LabelForbiddenError, "label %s inside %s (labels are not allowed there)", l.Label.Name, where)
		}
		seq(l.Stmts, true)
	}
}

func isCall(s ast.Stmt) bool {
	_, ok := s.(*ast.CallStmt)
	return ok
}

func isJump(s ast.Stmt) bool {
	switch s.(type) {
	case *ast.ReturnStmt, *ast.GotoStmt:
		return true
	}
	return false
}

// needsLabelAfter reports whether a statement following s in the same list must be
// labeled: some tail of s is a return, goto or call, or an if or either containing a label
// (mpcal.md §4.2 rule 4).
func needsLabelAfter(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt, *ast.GotoStmt, *ast.CallStmt:
		return true
	case *ast.IfStmt:
		if normalize.ContainsLabel(s) {
			return true
		}
		return tailNeedsLabel(stmtsOf(s.Then)) || s.Else != nil && tailNeedsLabel(s.Else.Stmts)
	case *ast.EitherStmt:
		if normalize.ContainsLabel(s) {
			return true
		}
		for _, b := range s.Branches {
			if tailNeedsLabel(stmtsOf(b)) {
				return true
			}
		}
	case *ast.WhileStmt:
		return tailNeedsLabel(stmtsOf(s.Body))
	case *ast.WithStmt:
		return tailNeedsLabel(stmtsOf(s.Body))
	case *ast.LabeledStmt:
		return tailNeedsLabel(s.Stmts)
	case *ast.Block:
		return tailNeedsLabel(s.Stmts)
	}
	return false
}

func tailNeedsLabel(list []ast.Stmt) bool {
	return len(list) > 0 && needsLabelAfter(list[len(list)-1])
}

func describeTrigger(s ast.Stmt) string {
	switch s.(type) {
	case *ast.ReturnStmt:
		return "a return"
	case *ast.GotoStmt:
		return "a goto"
	case *ast.CallStmt:
		return "a call"
	case *ast.IfStmt:
		return "an if that contains a label or ends in a jump or call"
	case *ast.EitherStmt:
		return "an either that contains a label or ends in a jump or call"
	}
	return "a statement that ends in a jump or call"
}
