package normalize

import "github.com/mpgo/mpgo/lang/ast"

// ChoicePoints numbers the nondeterministic choices of one critical section as gogen's
// fairness counters `<Arch>.<label>.<n>` (mpcal.md §7.4): first every `either` of the
// section, then every `with` binding `x \in S`, each group in post-order (children before
// parents, siblings in source order). Keys are *ast.EitherStmt and *ast.VarDecl nodes;
// numbers start at 0.
func ChoicePoints(section *ast.LabeledStmt) map[ast.Node]int {
	ids := map[ast.Node]int{}
	if section == nil {
		return ids
	}
	n := 0
	var eithers func(list []ast.Stmt)
	var withs func(list []ast.Stmt)
	children := func(s ast.Stmt) [][]ast.Stmt {
		switch s := s.(type) {
		case *ast.Block:
			return [][]ast.Stmt{s.Stmts}
		case *ast.LabeledStmt:
			return [][]ast.Stmt{s.Stmts}
		case *ast.IfStmt:
			out := [][]ast.Stmt{blockStmts(s.Then)}
			if s.Else != nil {
				out = append(out, s.Else.Stmts)
			}
			return out
		case *ast.WhileStmt:
			return [][]ast.Stmt{blockStmts(s.Body)}
		case *ast.EitherStmt:
			var out [][]ast.Stmt
			for _, b := range s.Branches {
				out = append(out, blockStmts(b))
			}
			return out
		case *ast.WithStmt:
			return [][]ast.Stmt{blockStmts(s.Body)}
		}
		return nil
	}
	eithers = func(list []ast.Stmt) {
		for _, s := range list {
			for _, c := range children(s) {
				eithers(c)
			}
			if e, ok := s.(*ast.EitherStmt); ok {
				ids[e] = n
				n++
			}
		}
	}
	withs = func(list []ast.Stmt) {
		for _, s := range list {
			for _, c := range children(s) {
				withs(c)
			}
			if w, ok := s.(*ast.WithStmt); ok {
				for _, d := range w.Decls {
					if d.Kind == ast.DeclIn {
						ids[d] = n
						n++
					}
				}
			}
		}
	}
	eithers(section.Stmts)
	withs(section.Stmts)
	return ids
}

func blockStmts(b *ast.Block) []ast.Stmt {
	if b == nil {
		return nil
	}
	return b.Stmts
}
