package normalize

import (
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// CloneExpr returns a deep copy of x (positions kept). nil stays nil.
func CloneExpr(x ast.Expr) ast.Expr {
	var c copier
	return c.expr(x)
}

// CloneStmt returns a deep copy of s (positions kept).
func CloneStmt(s ast.Stmt) ast.Stmt {
	var c copier
	out := c.stmts([]ast.Stmt{s})
	if len(out) != 1 {
		return nil
	}
	return out[0]
}

// CloneBlock returns a deep copy of b (positions kept).
func CloneBlock(b *ast.Block) *ast.Block {
	var c copier
	return c.block(b)
}

// copier copies trees. With a nil env it is a plain deep copy; with an env it performs macro
// substitution: identifiers are looked up in the env, binders may be renamed, and nested
// macro calls are expanded (see expand.go).
type copier struct {
	env   *env
	x     *expander // set when expanding macros
	share bool      // outside macro bodies, share expressions instead of copying them
}

func (c *copier) ident(id *ast.Ident) *ast.Ident {
	if id == nil {
		return nil
	}
	return &ast.Ident{NamePos: id.NamePos, Name: id.Name}
}

// use copies an identifier in value position.
func (c *copier) use(id *ast.Ident) ast.Expr {
	if c.env != nil {
		return c.env.use(c, id)
	}
	return c.ident(id)
}

// opName copies the name of a named operator application.
func (c *copier) opName(id *ast.Ident) *ast.Ident {
	if c.env != nil {
		return c.env.opName(c, id)
	}
	return c.ident(id)
}

// bind copies binder names and makes them visible until the returned restore is called.
func (c *copier) bind(names []*ast.Ident) ([]*ast.Ident, func()) {
	out := make([]*ast.Ident, len(names))
	if c.env == nil {
		for i, n := range names {
			out[i] = c.ident(n)
		}
		return out, func() {}
	}
	var restores []func()
	for i, n := range names {
		nn, r := c.env.bindExpr(c, n)
		out[i] = nn
		restores = append(restores, r)
	}
	return out, func() {
		for i := len(restores) - 1; i >= 0; i-- {
			restores[i]()
		}
	}
}

func (c *copier) exprs(list []ast.Expr) []ast.Expr {
	if list == nil {
		return nil
	}
	out := make([]ast.Expr, len(list))
	for i, x := range list {
		out[i] = c.expr(x)
	}
	return out
}

// bounds copies binders; the sets are copied in the scope of the earlier binders' names
// (as the checker resolves them). The returned restore ends the scope of all names.
func (c *copier) bounds(list []*ast.Bound) ([]*ast.Bound, func()) {
	out := make([]*ast.Bound, len(list))
	var restores []func()
	for i, b := range list {
		nb := &ast.Bound{Tuple: b.Tuple, Lt: b.Lt, Gt: b.Gt, In: b.In}
		nb.Set = c.expr(b.Set)
		var r func()
		nb.Names, r = c.bind(b.Names)
		restores = append(restores, r)
		out[i] = nb
	}
	return out, func() {
		for i := len(restores) - 1; i >= 0; i-- {
			restores[i]()
		}
	}
}

func (c *copier) expr(x ast.Expr) ast.Expr {
	if c.share && c.env == nil {
		return x
	}
	switch x := x.(type) {
	case nil:
		return nil
	case *ast.Ident:
		if x == nil {
			return nil
		}
		return c.use(x)
	case *ast.NumberLit:
		y := *x
		return &y
	case *ast.StringLit:
		y := *x
		return &y
	case *ast.AtExpr:
		y := *x
		return &y
	case *ast.SpecialVar:
		y := *x
		return &y
	case *ast.BadExpr:
		y := *x
		return &y
	case *ast.ParenExpr:
		return &ast.ParenExpr{Lparen: x.Lparen, X: c.expr(x.X), Rparen: x.Rparen}
	case *ast.OpApp:
		y := &ast.OpApp{Fix: x.Fix, Lparen: x.Lparen, Rparen: x.Rparen}
		for _, s := range x.Prefix {
			y.Prefix = append(y.Prefix, &ast.InstanceStep{Name: c.ident(s.Name), Args: c.exprs(s.Args), Rparen: s.Rparen})
		}
		if x.Fix == token.Named && len(x.Prefix) == 0 {
			y.Op = c.opName(x.Op)
		} else {
			y.Op = c.ident(x.Op)
		}
		y.Args = c.exprs(x.Args)
		return y
	case *ast.QuantExpr:
		bs, restore := c.bounds(x.Bounds)
		y := &ast.QuantExpr{QuantPos: x.QuantPos, Kind: x.Kind, Bounds: bs, Body: c.expr(x.Body)}
		restore()
		return y
	case *ast.TemporalQuantExpr:
		names, restore := c.bind(x.Names)
		y := &ast.TemporalQuantExpr{QuantPos: x.QuantPos, Kind: x.Kind, Names: names, Body: c.expr(x.Body)}
		restore()
		return y
	case *ast.ChooseExpr:
		bs, restore := c.bounds([]*ast.Bound{x.Bound})
		y := &ast.ChooseExpr{Choose: x.Choose, Bound: bs[0], Body: c.expr(x.Body)}
		restore()
		return y
	case *ast.SetEnum:
		return &ast.SetEnum{Lbrace: x.Lbrace, Elems: c.exprs(x.Elems), Rbrace: x.Rbrace}
	case *ast.SetFilter:
		bs, restore := c.bounds([]*ast.Bound{x.Bound})
		y := &ast.SetFilter{Lbrace: x.Lbrace, Bound: bs[0], Pred: c.expr(x.Pred), Rbrace: x.Rbrace}
		restore()
		return y
	case *ast.SetMap:
		bs, restore := c.bounds(x.Bounds)
		y := &ast.SetMap{Lbrace: x.Lbrace, Bounds: bs, Elem: c.expr(x.Elem), Rbrace: x.Rbrace}
		restore()
		return y
	case *ast.TupleExpr:
		return &ast.TupleExpr{Lt: x.Lt, Elems: c.exprs(x.Elems), Gt: x.Gt}
	case *ast.FuncConstr:
		bs, restore := c.bounds(x.Bounds)
		y := &ast.FuncConstr{Lbrack: x.Lbrack, Bounds: bs, Body: c.expr(x.Body), Rbrack: x.Rbrack}
		restore()
		return y
	case *ast.FuncSet:
		return &ast.FuncSet{Lbrack: x.Lbrack, Dom: c.expr(x.Dom), Range: c.expr(x.Range), Rbrack: x.Rbrack}
	case *ast.RecordExpr:
		return &ast.RecordExpr{Lbrack: x.Lbrack, Fields: c.fields(x.Fields), Rbrack: x.Rbrack}
	case *ast.RecordSet:
		return &ast.RecordSet{Lbrack: x.Lbrack, Fields: c.fields(x.Fields), Rbrack: x.Rbrack}
	case *ast.ExceptExpr:
		y := &ast.ExceptExpr{Lbrack: x.Lbrack, Func: c.expr(x.Func), Rbrack: x.Rbrack}
		for _, u := range x.Updates {
			nu := &ast.ExceptUpdate{Bang: u.Bang, Value: c.expr(u.Value)}
			for _, p := range u.Path {
				nu.Path = append(nu.Path, &ast.ExceptPath{Start: p.Start, Field: c.ident(p.Field), Args: c.exprs(p.Args), Rbrack: p.Rbrack})
			}
			y.Updates = append(y.Updates, nu)
		}
		return y
	case *ast.FuncApp:
		return &ast.FuncApp{Func: c.expr(x.Func), Lbrack: x.Lbrack, Args: c.exprs(x.Args), Rbrack: x.Rbrack}
	case *ast.FieldAccess:
		return &ast.FieldAccess{X: c.expr(x.X), Field: c.ident(x.Field)}
	case *ast.CrossExpr:
		y := &ast.CrossExpr{Factors: c.exprs(x.Factors)}
		for _, o := range x.Ops {
			y.Ops = append(y.Ops, c.ident(o))
		}
		return y
	case *ast.IfExpr:
		return &ast.IfExpr{If: x.If, Cond: c.expr(x.Cond), Then: c.expr(x.Then), Else: c.expr(x.Else)}
	case *ast.CaseExpr:
		y := &ast.CaseExpr{Case: x.Case, OtherPos: x.OtherPos, Other: c.expr(x.Other)}
		for _, a := range x.Arms {
			y.Arms = append(y.Arms, &ast.CaseArm{Box: a.Box, Cond: c.expr(a.Cond), Value: c.expr(a.Value)})
		}
		return y
	case *ast.LetExpr:
		y := &ast.LetExpr{Let: x.Let, In: x.In}
		var restores []func()
		for _, d := range x.Defs {
			nd, r := c.letDef(d)
			y.Defs = append(y.Defs, nd)
			restores = append(restores, r)
		}
		y.Body = c.expr(x.Body)
		for i := len(restores) - 1; i >= 0; i-- {
			restores[i]()
		}
		return y
	case *ast.LambdaExpr:
		params, restore := c.bind(x.Params)
		y := &ast.LambdaExpr{Lambda: x.Lambda, Params: params, Body: c.expr(x.Body)}
		restore()
		return y
	case *ast.SubscriptExpr:
		return &ast.SubscriptExpr{Kind: x.Kind, Open: x.Open, Action: c.expr(x.Action), Sub: c.expr(x.Sub)}
	case *ast.FairnessExpr:
		return &ast.FairnessExpr{Kind: x.Kind, KwPos: x.KwPos, Sub: c.expr(x.Sub), Lparen: x.Lparen, Action: c.expr(x.Action), Rparen: x.Rparen}
	case *ast.JunctionList:
		return &ast.JunctionList{Kind: x.Kind, Column: x.Column, Bullets: append([]token.Pos(nil), x.Bullets...), Items: c.exprs(x.Items)}
	case *ast.RefArg:
		y := *x
		y.Name = c.refName(x.Name)
		return &y
	}
	return x // unknown node kinds are shared
}

// refName copies the variable name of a ref argument.
func (c *copier) refName(id *ast.Ident) *ast.Ident {
	if c.env != nil {
		return c.env.refName(c, id)
	}
	return c.ident(id)
}

func (c *copier) fields(list []*ast.FieldInit) []*ast.FieldInit {
	var out []*ast.FieldInit
	for _, f := range list {
		out = append(out, &ast.FieldInit{Name: c.ident(f.Name), Value: c.expr(f.Value)})
	}
	return out
}

// letDef copies one LET definition; its name stays visible until restore is called.
func (c *copier) letDef(u ast.Unit) (ast.Unit, func()) {
	switch d := u.(type) {
	case *ast.OpDef:
		nd := &ast.OpDef{Local: d.Local, Start: d.Start, Fix: d.Fix}
		if d.Fix != token.Named {
			nd.Name = c.ident(d.Name)
			names, r := c.bind(paramNames(d.Params))
			nd.Params = copyParams(d.Params, names)
			nd.Body = c.expr(d.Body)
			r()
			return nd, func() {}
		}
		names, r := c.bind(paramNames(d.Params))
		nd.Params = copyParams(d.Params, names)
		nd.Body = c.expr(d.Body)
		r()
		n, restore := c.bind([]*ast.Ident{d.Name})
		nd.Name = n[0]
		return nd, restore
	case *ast.FuncDef:
		nd := &ast.FuncDef{Local: d.Local, Start: d.Start}
		n, restore := c.bind([]*ast.Ident{d.Name})
		nd.Name = n[0]
		var r func()
		nd.Bounds, r = c.bounds(d.Bounds)
		nd.Body = c.expr(d.Body)
		r()
		return nd, restore
	case *ast.Recursive:
		nd := &ast.Recursive{Keyword: d.Keyword}
		var restores []func()
		for _, od := range d.Decls {
			n, r := c.bind([]*ast.Ident{od.Name})
			restores = append(restores, r)
			nd.Decls = append(nd.Decls, &ast.OpDecl{Start: od.Start, Name: n[0], Fix: od.Fix, Arity: od.Arity, EndPos: od.EndPos})
		}
		return nd, func() {
			for i := len(restores) - 1; i >= 0; i-- {
				restores[i]()
			}
		}
	case *ast.ModuleDef:
		nd := &ast.ModuleDef{Local: d.Local, Start: d.Start, Name: c.ident(d.Name)}
		names, r := c.bind(paramNames(d.Params))
		nd.Params = copyParams(d.Params, names)
		if d.Instance != nil {
			in := &ast.Instance{Local: d.Instance.Local, Start: d.Instance.Start, Module: c.ident(d.Instance.Module), EndPos: d.Instance.EndPos}
			for _, s := range d.Instance.Substs {
				in.Substs = append(in.Substs, &ast.Substitution{Name: c.ident(s.Name), Value: c.expr(s.Value)})
			}
			nd.Instance = in
		}
		r()
		return nd, func() {}
	}
	return u, func() {}
}

func paramNames(ps []*ast.OpParam) []*ast.Ident {
	out := make([]*ast.Ident, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

func copyParams(ps []*ast.OpParam, names []*ast.Ident) []*ast.OpParam {
	out := make([]*ast.OpParam, len(ps))
	for i, p := range ps {
		out[i] = &ast.OpParam{Name: names[i], Arity: p.Arity, EndPos: p.EndPos}
	}
	return out
}

func (c *copier) block(b *ast.Block) *ast.Block {
	if b == nil {
		return nil
	}
	return &ast.Block{Lbrace: b.Lbrace, Stmts: c.stmts(b.Stmts), Rbrace: b.Rbrace, EndPos: b.EndPos}
}

// stmts copies a statement list. During macro expansion a macro call is replaced by the
// statements of its expansion, so the result may be longer than the input.
func (c *copier) stmts(list []ast.Stmt) []ast.Stmt {
	out := make([]ast.Stmt, 0, len(list))
	for _, s := range list {
		out = c.stmt(out, s)
	}
	return out
}

// stmt appends the copy of s to out.
func (c *copier) stmt(out []ast.Stmt, s ast.Stmt) []ast.Stmt {
	switch s := s.(type) {
	case *ast.Block:
		return append(out, c.block(s))
	case *ast.LabeledStmt:
		if c.env != nil && c.env.inMacro() {
			// labels are forbidden in macros (reported by the expander): keep the statements
			return append(out, c.stmts(s.Stmts)...)
		}
		return append(out, &ast.LabeledStmt{Label: c.ident(s.Label), Colon: s.Colon, Modifier: s.Modifier, Stmts: c.stmts(s.Stmts)})
	case *ast.AssignStmt:
		y := &ast.AssignStmt{}
		for _, p := range s.Pairs {
			y.Pairs = append(y.Pairs, &ast.AssignPair{Lhs: c.lhs(p.Lhs), Assign: p.Assign, Rhs: c.expr(p.Rhs)})
		}
		return append(out, y)
	case *ast.IfStmt:
		return append(out, &ast.IfStmt{If: s.If, ElsIf: s.ElsIf, Cond: c.expr(s.Cond), Then: c.block(s.Then), Else: c.block(s.Else), EndPos: s.EndPos})
	case *ast.WhileStmt:
		return append(out, &ast.WhileStmt{While: s.While, Cond: c.expr(s.Cond), Body: c.block(s.Body), EndPos: s.EndPos})
	case *ast.EitherStmt:
		y := &ast.EitherStmt{Either: s.Either, EndPos: s.EndPos}
		for _, b := range s.Branches {
			y.Branches = append(y.Branches, c.block(b))
		}
		return append(out, y)
	case *ast.WithStmt:
		y := &ast.WithStmt{With: s.With, EndPos: s.EndPos}
		var restores []func()
		for _, d := range s.Decls {
			nd := &ast.VarDecl{Kind: d.Kind, Init: c.expr(d.Init)}
			if c.env != nil {
				var r func()
				nd.Name, r = c.env.bindWith(c, d.Name)
				restores = append(restores, r)
			} else {
				nd.Name = c.ident(d.Name)
			}
			y.Decls = append(y.Decls, nd)
		}
		y.Body = c.block(s.Body)
		for i := len(restores) - 1; i >= 0; i-- {
			restores[i]()
		}
		return append(out, y)
	case *ast.AwaitStmt:
		return append(out, &ast.AwaitStmt{Keyword: s.Keyword, When: s.When, Cond: c.expr(s.Cond)})
	case *ast.PrintStmt:
		return append(out, &ast.PrintStmt{Print: s.Print, X: c.expr(s.X)})
	case *ast.AssertStmt:
		return append(out, &ast.AssertStmt{Assert: s.Assert, Cond: c.expr(s.Cond)})
	case *ast.SkipStmt:
		y := *s
		return append(out, &y)
	case *ast.ReturnStmt:
		y := *s
		return append(out, &y)
	case *ast.GotoStmt:
		return append(out, &ast.GotoStmt{Goto: s.Goto, Label: c.ident(s.Label)})
	case *ast.CallStmt:
		return append(out, &ast.CallStmt{Call: s.Call, Proc: c.ident(s.Proc), Args: c.exprs(s.Args), Rparen: s.Rparen})
	case *ast.MacroCall:
		if c.x != nil {
			return c.x.expandCall(c, out, s)
		}
		return append(out, &ast.MacroCall{Name: c.ident(s.Name), Args: c.exprs(s.Args), Rparen: s.Rparen})
	case *ast.YieldStmt:
		return append(out, &ast.YieldStmt{Yield: s.Yield, X: c.expr(s.X)})
	case nil:
		return out
	}
	return append(out, s)
}

// lhs copies an assignment target.
func (c *copier) lhs(x ast.Expr) ast.Expr {
	if c.share && c.env == nil {
		return x
	}
	switch x := x.(type) {
	case *ast.Ident:
		if c.env != nil {
			return c.env.lhsRoot(c, x)
		}
		return c.ident(x)
	case *ast.FuncApp:
		return &ast.FuncApp{Func: c.lhs(x.Func), Lbrack: x.Lbrack, Args: c.exprs(x.Args), Rbrack: x.Rbrack}
	case *ast.FieldAccess:
		return &ast.FieldAccess{X: c.lhs(x.X), Field: c.ident(x.Field)}
	}
	return c.expr(x)
}
