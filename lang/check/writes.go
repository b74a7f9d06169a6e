package check

import (
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/normalize"
)

// writeSet holds the root variables assigned so far in the current critical section:
// symbols, or the string "$variable" (all $variable writes count as one, mpcal.md §4.4).
type writeSet map[any]bool

func (s writeSet) clone() writeSet {
	out := make(writeSet, len(s))
	for k := range s {
		out[k] = true
	}
	return out
}

// writes applies the no-multiple-writes rule (mpcal.md §1.4, §4.4) to a body.
func (c *checker) writes(blk *ast.Block) {
	c.writeList(blk.Stmts, writeSet{})
	c.cur = nil
}

func (c *checker) writeList(stmts []ast.Stmt, set writeSet) writeSet {
	for _, s := range normalize.Regroup(stmts) {
		c.cur = s
		switch s := s.(type) {
		case *ast.LabeledStmt:
			set = c.writeList(s.Stmts, writeSet{})
		case *ast.AssignStmt:
			// the pairs of one parallel assignment count as one write per root
			seen := map[any]bool{}
			for _, p := range s.Pairs {
				k := c.rootKey(p.Lhs)
				if k == nil || seen[k] {
					continue
				}
				seen[k] = true
				if set[k] {
					c.errorf(p.Lhs.Pos(), MultipleAssignmentError, "%s is assigned twice in one critical section", rootText(p.Lhs))
				}
			}
			for k := range seen {
				set[k] = true
			}
		case *ast.IfStmt:
			a := c.writeList(stmtsOf(s.Then), set.clone())
			b := set.clone()
			if s.Else != nil {
				b = c.writeList(s.Else.Stmts, b)
			}
			for k := range b {
				a[k] = true
			}
			set = a
		case *ast.EitherStmt:
			out := set.clone()
			for _, br := range s.Branches {
				for k := range c.writeList(stmtsOf(br), set.clone()) {
					out[k] = true
				}
			}
			set = out
		case *ast.WhileStmt:
			set = c.writeList(stmtsOf(s.Body), set)
		case *ast.WithStmt:
			set = c.writeList(stmtsOf(s.Body), set)
		}
	}
	return set
}

// rootKey identifies the variable an assignment target writes.
func (c *checker) rootKey(lhs ast.Expr) any {
	root, _ := splitChain(lhs)
	switch r := root.(type) {
	case *ast.SpecialVar:
		return "$variable"
	case *ast.Ident:
		if s := c.info.Uses[r]; s != nil {
			return s
		}
		return "name:" + r.Name
	}
	return nil
}

func rootText(lhs ast.Expr) string {
	root, _ := splitChain(lhs)
	switch r := root.(type) {
	case *ast.SpecialVar:
		return "$variable"
	case *ast.Ident:
		return r.Name
	}
	return "the variable"
}
