package pcalgen

import (
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// copier deep-copies expressions, letting hooks replace identifiers, rename binders and
// take over whole access chains (f[i].g, for mapped reads). Copies keep the positions of the
// originals; new nodes carry the position of what they replace.
type copier struct {
	// use returns the replacement of an identifier in value position (nil: copy it).
	use func(id *ast.Ident) ast.Expr
	// name returns the new name of a binder or of a use of one (the operator of a named
	// application, a bound name); "" keeps the name.
	name func(id *ast.Ident) string
	// chain may replace an identifier, function application or field access as a whole
	// (nil: copy it as usual, which visits its parts).
	chain func(x ast.Expr) ast.Expr
	// special returns the replacement of $variable / $value (nil: copy it).
	special func(x *ast.SpecialVar) ast.Expr
}

func ident(pos ast.Node, name string) *ast.Ident {
	id := &ast.Ident{Name: name}
	if pos != nil {
		id.NamePos = pos.Pos()
	}
	return id
}

// rename copies a binder or an operator name.
func (c *copier) rename(id *ast.Ident) *ast.Ident {
	if id == nil {
		return nil
	}
	if c.name != nil {
		if n := c.name(id); n != "" {
			return &ast.Ident{NamePos: id.NamePos, Name: n}
		}
	}
	return &ast.Ident{NamePos: id.NamePos, Name: id.Name}
}

func (c *copier) names(list []*ast.Ident) []*ast.Ident {
	if list == nil {
		return nil
	}
	out := make([]*ast.Ident, len(list))
	for i, id := range list {
		out[i] = c.rename(id)
	}
	return out
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

func (c *copier) bound(b *ast.Bound) *ast.Bound {
	if b == nil {
		return nil
	}
	return &ast.Bound{Tuple: b.Tuple, Lt: b.Lt, Gt: b.Gt, In: b.In, Set: c.expr(b.Set), Names: c.names(b.Names)}
}

func (c *copier) bounds(list []*ast.Bound) []*ast.Bound {
	if list == nil {
		return nil
	}
	out := make([]*ast.Bound, len(list))
	for i, b := range list {
		out[i] = c.bound(b)
	}
	return out
}

func (c *copier) fields(list []*ast.FieldInit) []*ast.FieldInit {
	if list == nil {
		return nil
	}
	out := make([]*ast.FieldInit, len(list))
	for i, f := range list {
		out[i] = &ast.FieldInit{Name: &ast.Ident{NamePos: f.Name.NamePos, Name: f.Name.Name}, Value: c.expr(f.Value)}
	}
	return out
}

func (c *copier) opParams(list []*ast.OpParam) []*ast.OpParam {
	if list == nil {
		return nil
	}
	out := make([]*ast.OpParam, len(list))
	for i, p := range list {
		out[i] = &ast.OpParam{Name: c.rename(p.Name), Arity: p.Arity, EndPos: p.EndPos}
	}
	return out
}

func (c *copier) opDecls(list []*ast.OpDecl) []*ast.OpDecl {
	if list == nil {
		return nil
	}
	out := make([]*ast.OpDecl, len(list))
	for i, d := range list {
		n := *d
		n.Name = c.rename(d.Name)
		out[i] = &n
	}
	return out
}

// unit copies a LET definition.
func (c *copier) unit(u ast.Unit) ast.Unit {
	switch u := u.(type) {
	case *ast.OpDef:
		return &ast.OpDef{Local: u.Local, Start: u.Start, Fix: u.Fix, Name: c.rename(u.Name), Params: c.opParams(u.Params), Body: c.expr(u.Body)}
	case *ast.FuncDef:
		return &ast.FuncDef{Local: u.Local, Start: u.Start, Name: c.rename(u.Name), Bounds: c.bounds(u.Bounds), Body: c.expr(u.Body)}
	case *ast.Recursive:
		return &ast.Recursive{Keyword: u.Keyword, Decls: c.opDecls(u.Decls)}
	case *ast.ModuleDef:
		n := *u
		n.Name = c.rename(u.Name)
		n.Params = c.opParams(u.Params)
		if u.Instance != nil {
			in := *u.Instance
			in.Substs = nil
			for _, s := range u.Instance.Substs {
				in.Substs = append(in.Substs, &ast.Substitution{Name: &ast.Ident{NamePos: s.Name.NamePos, Name: s.Name.Name}, Value: c.expr(s.Value)})
			}
			n.Instance = &in
		}
		return &n
	}
	return u
}

// expr returns a deep copy of x with the hooks applied. nil stays nil.
func (c *copier) expr(x ast.Expr) ast.Expr {
	switch x := x.(type) {
	case nil:
		return nil
	case *ast.Ident:
		if c.chain != nil {
			if r := c.chain(x); r != nil {
				return r
			}
		}
		if c.use != nil {
			if r := c.use(x); r != nil {
				return r
			}
		}
		return &ast.Ident{NamePos: x.NamePos, Name: x.Name}
	case *ast.FuncApp:
		if c.chain != nil {
			if r := c.chain(x); r != nil {
				return r
			}
		}
		return &ast.FuncApp{Func: c.expr(x.Func), Lbrack: x.Lbrack, Args: c.exprs(x.Args), Rbrack: x.Rbrack}
	case *ast.FieldAccess:
		if c.chain != nil {
			if r := c.chain(x); r != nil {
				return r
			}
		}
		return &ast.FieldAccess{X: c.expr(x.X), Field: &ast.Ident{NamePos: x.Field.NamePos, Name: x.Field.Name}}
	case *ast.NumberLit:
		n := *x
		return &n
	case *ast.StringLit:
		n := *x
		return &n
	case *ast.AtExpr:
		n := *x
		return &n
	case *ast.BadExpr:
		n := *x
		return &n
	case *ast.SpecialVar:
		if c.special != nil {
			if r := c.special(x); r != nil {
				return r
			}
		}
		n := *x
		return &n
	case *ast.RefArg:
		return &ast.RefArg{Ref: x.Ref, Name: c.rename(x.Name), Depth: x.Depth, EndPos: x.EndPos}
	case *ast.ParenExpr:
		return &ast.ParenExpr{Lparen: x.Lparen, X: c.expr(x.X), Rparen: x.Rparen}
	case *ast.OpApp:
		n := &ast.OpApp{Fix: x.Fix, Lparen: x.Lparen, Rparen: x.Rparen}
		for _, s := range x.Prefix {
			n.Prefix = append(n.Prefix, &ast.InstanceStep{Name: &ast.Ident{NamePos: s.Name.NamePos, Name: s.Name.Name}, Args: c.exprs(s.Args), Rparen: s.Rparen})
		}
		if len(x.Prefix) > 0 {
			n.Op = &ast.Ident{NamePos: x.Op.NamePos, Name: x.Op.Name}
		} else {
			n.Op = c.rename(x.Op)
		}
		n.Args = c.exprs(x.Args)
		return n
	case *ast.QuantExpr:
		return &ast.QuantExpr{QuantPos: x.QuantPos, Kind: x.Kind, Bounds: c.bounds(x.Bounds), Body: c.expr(x.Body)}
	case *ast.TemporalQuantExpr:
		return &ast.TemporalQuantExpr{QuantPos: x.QuantPos, Kind: x.Kind, Names: c.names(x.Names), Body: c.expr(x.Body)}
	case *ast.ChooseExpr:
		return &ast.ChooseExpr{Choose: x.Choose, Bound: c.bound(x.Bound), Body: c.expr(x.Body)}
	case *ast.SetEnum:
		return &ast.SetEnum{Lbrace: x.Lbrace, Elems: c.exprs(x.Elems), Rbrace: x.Rbrace}
	case *ast.SetFilter:
		b := c.bound(x.Bound)
		return &ast.SetFilter{Lbrace: x.Lbrace, Bound: b, Pred: c.expr(x.Pred), Rbrace: x.Rbrace}
	case *ast.SetMap:
		elem := c.expr(x.Elem)
		return &ast.SetMap{Lbrace: x.Lbrace, Elem: elem, Bounds: c.bounds(x.Bounds), Rbrace: x.Rbrace}
	case *ast.TupleExpr:
		return &ast.TupleExpr{Lt: x.Lt, Elems: c.exprs(x.Elems), Gt: x.Gt}
	case *ast.FuncConstr:
		b := c.bounds(x.Bounds)
		return &ast.FuncConstr{Lbrack: x.Lbrack, Bounds: b, Body: c.expr(x.Body), Rbrack: x.Rbrack}
	case *ast.FuncSet:
		return &ast.FuncSet{Lbrack: x.Lbrack, Dom: c.expr(x.Dom), Range: c.expr(x.Range), Rbrack: x.Rbrack}
	case *ast.RecordExpr:
		return &ast.RecordExpr{Lbrack: x.Lbrack, Fields: c.fields(x.Fields), Rbrack: x.Rbrack}
	case *ast.RecordSet:
		return &ast.RecordSet{Lbrack: x.Lbrack, Fields: c.fields(x.Fields), Rbrack: x.Rbrack}
	case *ast.ExceptExpr:
		n := &ast.ExceptExpr{Lbrack: x.Lbrack, Func: c.expr(x.Func), Rbrack: x.Rbrack}
		for _, u := range x.Updates {
			nu := &ast.ExceptUpdate{Bang: u.Bang}
			for _, p := range u.Path {
				np := &ast.ExceptPath{Start: p.Start, Rbrack: p.Rbrack, Args: c.exprs(p.Args)}
				if p.Field != nil {
					np.Field = &ast.Ident{NamePos: p.Field.NamePos, Name: p.Field.Name}
				}
				nu.Path = append(nu.Path, np)
			}
			nu.Value = c.expr(u.Value)
			n.Updates = append(n.Updates, nu)
		}
		return n
	case *ast.CrossExpr:
		n := &ast.CrossExpr{Factors: c.exprs(x.Factors)}
		for _, o := range x.Ops {
			n.Ops = append(n.Ops, &ast.Ident{NamePos: o.NamePos, Name: o.Name})
		}
		return n
	case *ast.IfExpr:
		return &ast.IfExpr{If: x.If, Cond: c.expr(x.Cond), Then: c.expr(x.Then), Else: c.expr(x.Else)}
	case *ast.CaseExpr:
		n := &ast.CaseExpr{Case: x.Case, OtherPos: x.OtherPos}
		for _, a := range x.Arms {
			n.Arms = append(n.Arms, &ast.CaseArm{Box: a.Box, Cond: c.expr(a.Cond), Value: c.expr(a.Value)})
		}
		n.Other = c.expr(x.Other)
		return n
	case *ast.LetExpr:
		n := &ast.LetExpr{Let: x.Let, In: x.In}
		for _, d := range x.Defs {
			n.Defs = append(n.Defs, c.unit(d))
		}
		n.Body = c.expr(x.Body)
		return n
	case *ast.LambdaExpr:
		return &ast.LambdaExpr{Lambda: x.Lambda, Params: c.names(x.Params), Body: c.expr(x.Body)}
	case *ast.SubscriptExpr:
		return &ast.SubscriptExpr{Kind: x.Kind, Open: x.Open, Action: c.expr(x.Action), Sub: c.expr(x.Sub)}
	case *ast.FairnessExpr:
		return &ast.FairnessExpr{Kind: x.Kind, KwPos: x.KwPos, Sub: c.expr(x.Sub), Lparen: x.Lparen, Action: c.expr(x.Action), Rparen: x.Rparen}
	case *ast.JunctionList:
		n := &ast.JunctionList{Kind: x.Kind, Column: x.Column, Bullets: append([]token.Pos(nil), x.Bullets...)}
		n.Items = c.exprs(x.Items)
		return n
	}
	return x
}
