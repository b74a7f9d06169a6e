package normalize

import (
	"fmt"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// Regroup splices statement blocks nested directly in a statement list into the list and
// regroups the result so that every unlabeled statement after a label belongs to that label.
// The result is a (possibly empty) run of unlabeled statements followed by labeled
// statements whose lists contain neither labeled statements nor blocks directly. Branch
// bodies (if, either, while, with) are not touched. The input is returned unchanged when it
// already has that shape; otherwise new LabeledStmt nodes are made.
func Regroup(stmts []ast.Stmt) []ast.Stmt {
	if grouped(stmts) {
		return stmts
	}
	var out []ast.Stmt
	var cur *ast.LabeledStmt
	var add func(list []ast.Stmt)
	add = func(list []ast.Stmt) {
		for _, s := range list {
			switch s := s.(type) {
			case *ast.Block:
				if s != nil {
					add(s.Stmts)
				}
			case *ast.LabeledStmt:
				cur = &ast.LabeledStmt{Label: s.Label, Colon: s.Colon, Modifier: s.Modifier}
				out = append(out, cur)
				add(s.Stmts)
			case nil:
			default:
				if cur != nil {
					cur.Stmts = append(cur.Stmts, s)
				} else {
					out = append(out, s)
				}
			}
		}
	}
	add(stmts)
	return out
}

func grouped(stmts []ast.Stmt) bool {
	labeled := false
	for _, s := range stmts {
		switch s := s.(type) {
		case *ast.Block, nil:
			return false
		case *ast.LabeledStmt:
			labeled = true
			for _, t := range s.Stmts {
				switch t.(type) {
				case *ast.Block, *ast.LabeledStmt, nil:
					return false
				}
			}
		default:
			if labeled {
				return false
			}
		}
	}
	return true
}

// ContainsLabel reports whether a label occurs anywhere inside n.
func ContainsLabel(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if found {
			return false
		}
		if _, ok := x.(*ast.LabeledStmt); ok {
			found = true
			return false
		}
		_, isExpr := x.(ast.Expr)
		return !isExpr
	})
	return found
}

// Body is one flattened body: its critical sections in order.
type Body struct {
	// Owner is the *ast.Archetype, *ast.Procedure (MPCal or PlusCal), *ast.Process or, for a
	// uniprocess body, the *ast.Algorithm.
	Owner ast.Node
	Name  string
	// After is the label control reaches after the last section: "Done" for archetypes,
	// processes and the uniprocess body, "Error" for procedures.
	After string
	// Sections are the top-level labeled blocks (mpcal.md §6.2). After Flatten every path of
	// every section ends in goto, return, call followed by goto or return, and no while
	// remains.
	Sections []*ast.LabeledStmt
}

// Bodies lists the bodies of a (flattened) algorithm in declaration order: MPCal procedures,
// archetypes, PlusCal procedures, processes, then the uniprocess body. Sections are the
// labeled statements of each body (a body that is not flattened yields its labeled
// top-level statements).
func Bodies(alg *ast.Algorithm) []*Body {
	if alg == nil {
		return nil
	}
	var out []*Body
	add := func(owner ast.Node, name, after string, b *ast.Block) {
		body := &Body{Owner: owner, Name: name, After: after}
		if b != nil {
			for _, s := range b.Stmts {
				if l, ok := s.(*ast.LabeledStmt); ok {
					body.Sections = append(body.Sections, l)
				}
			}
		}
		out = append(out, body)
	}
	for _, p := range alg.MPCalProcedures {
		add(p, p.Name.Name, "Error", p.Body)
	}
	for _, a := range alg.Archetypes {
		add(a, a.Name.Name, "Done", a.Body)
	}
	for _, p := range alg.Procedures {
		add(p, p.Name.Name, "Error", p.Body)
	}
	for _, p := range alg.Processes {
		name := ""
		if p.Ident != nil && p.Ident.Name != nil {
			name = p.Ident.Name.Name
		}
		add(p, name, "Done", p.Body)
	}
	if alg.Body != nil {
		add(alg, alg.Name.Name, "Done", alg.Body)
	}
	return out
}

// Flatten returns a copy of alg whose archetype, procedure and process bodies consist of
// top-level labeled critical sections only, every path of which ends in an explicit jump
// (mpcal.md §6.2). A uniprocess body without any label (PlusCal adds labels itself) is left
// as it is. Macros must have been expanded and the labeling rules checked; a body that
// breaks them yields an error.
func Flatten(alg *ast.Algorithm) (*ast.Algorithm, error) {
	if alg == nil {
		return nil, nil
	}
	out := *alg
	var firstErr error
	flat := func(b *ast.Block, after string) *ast.Block {
		if b == nil {
			return nil
		}
		secs, err := FlattenBody(b, after)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			return b
		}
		nb := &ast.Block{Lbrace: b.Lbrace, Rbrace: b.Rbrace, EndPos: b.EndPos}
		for _, s := range secs {
			nb.Stmts = append(nb.Stmts, s)
		}
		return nb
	}
	procs := func(list []*ast.Procedure) []*ast.Procedure {
		if list == nil {
			return nil
		}
		res := make([]*ast.Procedure, len(list))
		for i, p := range list {
			n := *p
			n.Body = flat(p.Body, "Error")
			res[i] = &n
		}
		return res
	}
	out.MPCalProcedures = procs(alg.MPCalProcedures)
	out.Procedures = procs(alg.Procedures)
	if alg.Archetypes != nil {
		out.Archetypes = make([]*ast.Archetype, len(alg.Archetypes))
		for i, a := range alg.Archetypes {
			n := *a
			n.Body = flat(a.Body, "Done")
			out.Archetypes[i] = &n
		}
	}
	if alg.Processes != nil {
		out.Processes = make([]*ast.Process, len(alg.Processes))
		for i, p := range alg.Processes {
			n := *p
			n.Body = flat(p.Body, "Done")
			out.Processes[i] = &n
		}
	}
	if alg.Body != nil && ContainsLabel(alg.Body) {
		out.Body = flat(alg.Body, "Done")
	}
	return &out, firstErr
}

// FlattenBody flattens one body whose last section continues at after ("Done" or "Error")
// and returns its critical sections in source order of their labels.
func FlattenBody(body *ast.Block, after string) ([]*ast.LabeledStmt, error) {
	if body == nil {
		return nil, nil
	}
	f := &flattener{}
	stmts := Regroup(body.Stmts)
	if len(stmts) == 0 {
		return nil, &FlattenError{Pos: body.Pos(), Msg: "empty body"}
	}
	if _, ok := stmts[0].(*ast.LabeledStmt); !ok {
		return nil, &FlattenError{Pos: stmts[0].Pos(), Msg: "the first statement of the body is not labeled"}
	}
	f.list(stmts, after)
	if f.err != nil {
		return nil, f.err
	}
	return f.out, nil
}

type flattener struct {
	out []*ast.LabeledStmt
	err error
}

func (f *flattener) fail(pos token.Pos, format string, args ...any) {
	if f.err == nil {
		f.err = &FlattenError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
	}
}

// FlattenError reports input that breaks the labeling rules Flatten relies on.
type FlattenError struct {
	Pos token.Pos
	Msg string
}

func (e *FlattenError) Error() string { return "flatten: " + e.Msg }

func jump(pos token.Pos, label string) *ast.GotoStmt {
	return &ast.GotoStmt{Goto: pos, Label: &ast.Ident{NamePos: pos, Name: label}}
}

// list rewrites a statement list so that it ends in a jump to next (unless it jumps away
// itself), lifting its labeled statements to top-level sections. It returns the statements
// before the first label.
func (f *flattener) list(stmts []ast.Stmt, next string) []ast.Stmt {
	stmts = Regroup(stmts)
	i := 0
	for i < len(stmts) {
		if _, ok := stmts[i].(*ast.LabeledStmt); ok {
			break
		}
		i++
	}
	cont := next
	if i < len(stmts) {
		cont = stmts[i].(*ast.LabeledStmt).Label.Name
	}
	head := f.seq(stmts[:i], cont, endPos(stmts))
	for j := i; j < len(stmts); j++ {
		l, ok := stmts[j].(*ast.LabeledStmt)
		if !ok {
			f.fail(stmts[j].Pos(), "unlabeled statement after a label")
			continue
		}
		n := next
		if j+1 < len(stmts) {
			if nl, ok := stmts[j+1].(*ast.LabeledStmt); ok {
				n = nl.Label.Name
			}
		}
		f.lift(l, n)
	}
	return head
}

func endPos(stmts []ast.Stmt) token.Pos {
	if len(stmts) == 0 {
		return token.NoPos
	}
	return stmts[len(stmts)-1].End()
}

// lift emits a labeled statement as a top-level section continuing at next.
func (f *flattener) lift(l *ast.LabeledStmt, next string) {
	idx := len(f.out)
	sec := &ast.LabeledStmt{Label: l.Label, Colon: l.Colon, Modifier: l.Modifier}
	f.out = append(f.out, sec)
	stmts := l.Stmts
	if len(stmts) > 0 {
		if w, ok := stmts[0].(*ast.WhileStmt); ok {
			var bodyStmts []ast.Stmt
			if w.Body != nil {
				bodyStmts = w.Body.Stmts
			}
			then := f.list(bodyStmts, l.Label.Name)
			els := f.seq(stmts[1:], next, w.End())
			sec.Stmts = []ast.Stmt{&ast.IfStmt{If: w.While, Cond: w.Cond,
				Then:   &ast.Block{Lbrace: w.While, Stmts: then, EndPos: w.End()},
				Else:   &ast.Block{Lbrace: w.End(), Stmts: els, EndPos: w.End()},
				EndPos: w.End()}}
			f.out[idx] = sec
			return
		}
	}
	sec.Stmts = f.seq(stmts, next, l.End())
	f.out[idx] = sec
}

// seq rewrites a run of statements without labels at its level so that every path ends in a
// jump; pos positions a synthesized goto at the end.
func (f *flattener) seq(stmts []ast.Stmt, next string, pos token.Pos) []ast.Stmt {
	out := make([]ast.Stmt, 0, len(stmts)+1)
	for j, s := range stmts {
		last := j == len(stmts)-1
		switch s := s.(type) {
		case *ast.GotoStmt, *ast.ReturnStmt:
			if !last {
				f.fail(stmts[j+1].Pos(), "statement after a jump needs a label")
			}
			return append(out, s)
		case *ast.CallStmt:
			out = append(out, s)
			if !last {
				switch t := stmts[j+1].(type) {
				case *ast.GotoStmt, *ast.ReturnStmt:
					if j+2 < len(stmts) {
						f.fail(stmts[j+2].Pos(), "statement after a jump needs a label")
					}
					return append(out, t)
				}
				f.fail(stmts[j+1].Pos(), "statement after a call needs a label")
			}
			return append(out, jump(s.End(), next))
		case *ast.IfStmt:
			if !last {
				if ContainsLabel(s) {
					f.fail(stmts[j+1].Pos(), "statement after an if containing labels needs a label")
				}
				out = append(out, s)
				continue
			}
			n := &ast.IfStmt{If: s.If, ElsIf: s.ElsIf, Cond: s.Cond, EndPos: s.EndPos}
			n.Then = f.branch(s.Then, next, s.End())
			if s.Else != nil {
				n.Else = f.branch(s.Else, next, s.End())
			} else {
				n.Else = &ast.Block{Lbrace: s.End(), Stmts: []ast.Stmt{jump(s.End(), next)}, EndPos: s.End()}
			}
			return append(out, n)
		case *ast.EitherStmt:
			if !last {
				if ContainsLabel(s) {
					f.fail(stmts[j+1].Pos(), "statement after an either containing labels needs a label")
				}
				out = append(out, s)
				continue
			}
			n := &ast.EitherStmt{Either: s.Either, EndPos: s.EndPos}
			for _, b := range s.Branches {
				n.Branches = append(n.Branches, f.branch(b, next, s.End()))
			}
			return append(out, n)
		case *ast.WithStmt:
			if !last {
				out = append(out, s)
				continue
			}
			n := &ast.WithStmt{With: s.With, Decls: s.Decls, EndPos: s.EndPos}
			n.Body = f.branch(s.Body, next, s.End())
			return append(out, n)
		case *ast.WhileStmt:
			f.fail(s.Pos(), "while is not the first statement of a labeled statement")
			out = append(out, s)
		default:
			out = append(out, s)
		}
	}
	return append(out, jump(pos, next))
}

func (f *flattener) branch(b *ast.Block, next string, pos token.Pos) *ast.Block {
	if b == nil {
		return &ast.Block{Lbrace: pos, Stmts: []ast.Stmt{jump(pos, next)}, EndPos: pos}
	}
	return &ast.Block{Lbrace: b.Lbrace, Stmts: f.list(b.Stmts, next), Rbrace: b.Rbrace, EndPos: b.EndPos}
}
