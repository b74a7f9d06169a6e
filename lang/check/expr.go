package check

import (
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// maxExprDepth bounds the recursion of the expression walk (the parser bounds nesting too).
const maxExprDepth = 2000

// resolve looks up a name in the current context: the scope, then, inside plain PlusCal
// code, the procedure and process variables of other bodies ("scope bleed", mpcal.md §4.1).
// bled is set for a name found that way, ambiguous when several such variables share it.
func (c *checker) resolve(name string) (s *Symbol, bled, ambiguous bool) {
	if s := c.sc.lookup(name); s != nil {
		return s, false, false
	}
	if c.ctx == ctxPlusCal {
		switch b := c.bleed[name]; len(b) {
		case 0:
		case 1:
			return b[0], true, false
		default:
			return nil, false, true
		}
	}
	return nil, false, false
}

// unresolved reports an identifier that names nothing.
func (c *checker) unresolved(id *ast.Ident, ambiguous bool) {
	name := id.Name
	if c.ctx == ctxModule {
		if c.later[name] {
			c.errorf(id.Pos(), ParseError, "%s is used before its definition (declare it RECURSIVE)", name)
		} else {
			c.errorf(id.Pos(), ParseError, "unknown identifier %s", name)
		}
		return
	}
	if c.exp.Invalid[id] {
		return // an argument that could not be substituted, reported already
	}
	if _, ok := c.exp.Free[id]; ok {
		c.errorf(id.Pos(), UnboundFreeVariableError, "free variable %s of the macro is not bound at the call", name)
		return
	}
	if ambiguous {
		c.errorf(id.Pos(), DefinitionLookupError, "%s is ambiguous: several PlusCal procedures or processes declare a variable of that name", name)
		return
	}
	c.errorf(id.Pos(), DefinitionLookupError, "unknown identifier %s", name)
}

// use resolves an identifier and records it; nil if unresolved (reported).
func (c *checker) use(id *ast.Ident) *Symbol {
	s, bled, amb := c.resolve(id.Name)
	if s == nil {
		c.unresolved(id, amb)
		return nil
	}
	if (bled || s.Kind == GlobalVar) && c.alg != nil && c.alg.Kind == ast.MPCal {
		if _, free := c.exp.Free[id]; free {
			// in MPCal a macro's free variables bind only to the body's own variables
			// (mpcal.md §4.1: globals must be passed as arguments)
			c.errorf(id.Pos(), UnboundFreeVariableError, "free variable %s of the macro names a global or another body's variable; pass it as an argument", id.Name)
			return nil
		}
	}
	c.info.Uses[id] = s
	if c.inInit && s.Ref && s.Kind == ArchParam {
		c.errorf(id.Pos(), RefParamInInitialiserError, "the initialiser of an archetype local reads ref parameter %s (a read outside any critical section)", id.Name)
	}
	return s
}

// value resolves a bare identifier used as a value (args = 0) or as an operator argument
// (asArg: any arity allowed).
func (c *checker) value(id *ast.Ident, asArg bool) *Symbol {
	if asArg && isSymbolName(id.Name) {
		return c.symbolArg(id)
	}
	s := c.use(id)
	if s == nil {
		return nil
	}
	if !asArg && s.Arity > 0 {
		c.errorf(id.Pos(), ArityMismatchError, "operator %s takes %d arguments, used without any", id.Name, s.Arity)
	}
	if s.Ref && s.Depth > 0 {
		c.errorf(id.Pos(), MPCalKindMismatchError, "ref parameter %s has mapping count %d; reading it needs at least %d indices, found 0", id.Name, s.Depth, s.Depth)
	}
	return s
}

func isSymbolName(name string) bool { return token.IsOpSymbol(name) }

// symbolArg resolves an operator symbol passed as an argument, F(+, x).
func (c *checker) symbolArg(id *ast.Ident) *Symbol {
	for _, fix := range []token.Fixity{token.Infix, token.Prefix, token.Postfix} {
		if s := c.sc.lookup(opKey(id.Name, fix)); s != nil {
			c.info.Uses[id] = s
			return s
		}
	}
	c.reportOp(id)
	return nil
}

func (c *checker) reportOp(id *ast.Ident) {
	if c.ctx == ctxModule {
		c.errorf(id.Pos(), ParseError, "unknown operator %s", id.Name)
		return
	}
	c.errorf(id.Pos(), DefinitionLookupError, "unknown operator %s", id.Name)
}

// bounds resolves binders, making their names visible (a bound set sees earlier names).
func (c *checker) bounds(list []*ast.Bound) {
	for _, b := range list {
		if b == nil {
			continue
		}
		c.expr(b.Set)
		for _, n := range b.Names {
			c.define(n, &Symbol{Kind: BoundVar, Name: n.Name, Decl: n})
		}
	}
}

func (c *checker) exprs(list []ast.Expr) {
	for _, x := range list {
		c.expr(x)
	}
}

// expr resolves an expression.
func (c *checker) expr(x ast.Expr) {
	if x == nil {
		return
	}
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > maxExprDepth {
		return
	}
	switch x := x.(type) {
	case *ast.Ident:
		if x != nil {
			c.value(x, false)
		}
	case *ast.NumberLit, *ast.StringLit, *ast.AtExpr, *ast.BadExpr:
	case *ast.ParenExpr:
		c.expr(x.X)
	case *ast.OpApp:
		c.opApp(x)
	case *ast.QuantExpr:
		m := c.sc.mark()
		c.bounds(x.Bounds)
		c.expr(x.Body)
		c.sc.reset(m)
	case *ast.TemporalQuantExpr:
		m := c.sc.mark()
		for _, n := range x.Names {
			c.define(n, &Symbol{Kind: BoundVar, Name: n.Name, Decl: n})
		}
		c.expr(x.Body)
		c.sc.reset(m)
	case *ast.ChooseExpr:
		m := c.sc.mark()
		c.bounds([]*ast.Bound{x.Bound})
		c.expr(x.Body)
		c.sc.reset(m)
	case *ast.SetEnum:
		c.exprs(x.Elems)
	case *ast.SetFilter:
		m := c.sc.mark()
		c.bounds([]*ast.Bound{x.Bound})
		c.expr(x.Pred)
		c.sc.reset(m)
	case *ast.SetMap:
		m := c.sc.mark()
		c.bounds(x.Bounds)
		c.expr(x.Elem)
		c.sc.reset(m)
	case *ast.TupleExpr:
		c.exprs(x.Elems)
	case *ast.FuncConstr:
		m := c.sc.mark()
		c.bounds(x.Bounds)
		c.expr(x.Body)
		c.sc.reset(m)
	case *ast.FuncSet:
		c.expr(x.Dom)
		c.expr(x.Range)
	case *ast.RecordExpr:
		for _, f := range x.Fields {
			c.expr(f.Value)
		}
	case *ast.RecordSet:
		for _, f := range x.Fields {
			c.expr(f.Value)
		}
	case *ast.ExceptExpr:
		c.expr(x.Func)
		for _, u := range x.Updates {
			for _, p := range u.Path {
				c.exprs(p.Args)
			}
			c.expr(u.Value)
		}
	case *ast.FuncApp, *ast.FieldAccess:
		c.chain(x)
	case *ast.CrossExpr:
		c.exprs(x.Factors)
	case *ast.IfExpr:
		c.expr(x.Cond)
		c.expr(x.Then)
		c.expr(x.Else)
	case *ast.CaseExpr:
		for _, a := range x.Arms {
			c.expr(a.Cond)
			c.expr(a.Value)
		}
		c.expr(x.Other)
	case *ast.LetExpr:
		m := c.sc.mark()
		pending := map[string]*Symbol{}
		for _, d := range x.Defs {
			c.unit(d, LetDef, pending)
		}
		c.unboundRecursive(pending)
		c.expr(x.Body)
		c.sc.reset(m)
	case *ast.LambdaExpr:
		m := c.sc.mark()
		for _, p := range x.Params {
			c.define(p, &Symbol{Kind: OpParam, Name: p.Name, Decl: p})
		}
		c.expr(x.Body)
		c.sc.reset(m)
	case *ast.SubscriptExpr:
		c.expr(x.Action)
		c.expr(x.Sub)
	case *ast.FairnessExpr:
		c.expr(x.Sub)
		c.expr(x.Action)
	case *ast.JunctionList:
		c.exprs(x.Items)
	case *ast.SpecialVar:
		c.specialVar(x)
	case *ast.RefArg:
		c.errorf(x.Pos(), RefArgumentPlacementError, "ref %s inside an expression (ref is only allowed as a direct argument of an MPCal procedure call or an instance)", x.Name.Name)
	}
}

// specialVar checks where $variable and $value may appear (mpcal.md §2.3, §4.7).
func (c *checker) specialVar(x *ast.SpecialVar) {
	name := "$variable"
	if x.Value {
		name = "$value"
	}
	switch {
	case c.ctx != ctxMapping:
		c.errorf(x.Pos(), ParseError, "%s outside a mapping macro", name)
	case x.Value && !c.mappingWrite:
		c.errorf(x.Pos(), MappingValueInReadError, "$value in the read body of a mapping macro (it exists only in write bodies)")
	}
}

func (c *checker) opApp(x *ast.OpApp) {
	if x.Op == nil {
		c.exprs(x.Args)
		return
	}
	if len(x.Prefix) > 0 {
		// M!Op, M(a)!Op: M must be a module definition; Op is looked up in the instantiated
		// module, which is not checked here
		first := x.Prefix[0].Name
		if s := c.use(first); s != nil && s.Kind != ModuleDef && s.Kind != LetDef && s.Kind != DefineDef {
			c.errorf(first.Pos(), c.lookupKind(), "%s is not a module instance (M == INSTANCE ...)", first.Name)
		}
		for _, st := range x.Prefix {
			c.args(st.Args)
		}
		c.args(x.Args)
		return
	}
	if x.Fix != token.Named {
		s := c.sc.lookup(x.Symbol())
		if s == nil {
			c.reportOp(x.Op)
		} else {
			c.info.Uses[x.Op] = s
		}
		c.exprs(x.Args)
		return
	}
	s := c.use(x.Op)
	if s != nil && s.Arity != len(x.Args) {
		c.errorf(x.Op.Pos(), ArityMismatchError, "operator %s takes %d arguments, called with %d", x.Op.Name, s.Arity, len(x.Args))
	}
	c.args(x.Args)
}

// lookupKind is the kind of a name error in the current context.
func (c *checker) lookupKind() Kind {
	if c.ctx == ctxModule {
		return ParseError
	}
	return DefinitionLookupError
}

// args resolves the arguments of an operator application: a bare name may denote an
// operator (higher-order arguments), so its arity is not checked.
func (c *checker) args(list []ast.Expr) {
	for _, a := range list {
		if id, ok := a.(*ast.Ident); ok && id != nil {
			c.value(id, true)
			continue
		}
		c.expr(a)
	}
}

// chain resolves f[a]...[b].g: when the root is a ref parameter with mapping count k, the
// first k applications address the resource (mpcal.md §4.5): at least k are needed, and
// their indices must not mention names bound inside the expression (§4.7).
func (c *checker) chain(x ast.Expr) {
	root, steps := splitChain(x)
	id, ok := root.(*ast.Ident)
	if !ok {
		c.expr(root)
		for _, st := range steps {
			c.exprs(st)
		}
		return
	}
	s := c.use(id)
	for _, st := range steps {
		c.exprs(st)
	}
	if s == nil {
		return
	}
	if s.Arity > 0 {
		c.errorf(id.Pos(), ArityMismatchError, "operator %s takes %d arguments, used without any", id.Name, s.Arity)
	}
	if !s.Ref {
		return
	}
	if len(steps) < s.Depth {
		c.errorf(id.Pos(), MPCalKindMismatchError, "ref parameter %s has mapping count %d; reading it needs at least %d indices, found %d", id.Name, s.Depth, s.Depth, len(steps))
		return
	}
	for _, st := range steps[:s.Depth] {
		if b := c.boundInside(st); b != nil {
			c.errorf(b.Pos(), BoundIndexInResourceReadError, "the index of the read of %s mentions %s, which is bound inside the expression (the read is performed before the statement)", id.Name, b.Name)
			return
		}
	}
}

// boundInside returns an identifier of the expressions that refers to a name bound inside
// the enclosing expression (quantifier, constructor, CHOOSE, LET, LAMBDA), or nil.
func (c *checker) boundInside(list []ast.Expr) *ast.Ident {
	var found *ast.Ident
	for _, x := range list {
		ast.Inspect(x, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			if id, ok := n.(*ast.Ident); ok && id != nil {
				if s := c.info.Uses[id]; s != nil && (s.Kind == BoundVar || s.Kind == OpParam || s.Kind == LetDef) {
					found = id
				}
			}
			return true
		})
	}
	return found
}

// splitChain returns the root of f[a][b].g and the index lists of its steps, innermost
// first; a .g step is the string index "g".
func splitChain(x ast.Expr) (ast.Expr, [][]ast.Expr) {
	var steps [][]ast.Expr
	for {
		switch y := x.(type) {
		case *ast.FuncApp:
			steps = append(steps, y.Args)
			x = y.Func
			continue
		case *ast.FieldAccess:
			steps = append(steps, nil)
			x = y.X
			continue
		}
		break
	}
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	return x, steps
}
