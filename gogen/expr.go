package gogen

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/printer"
	"github.com/mpgo/mpgo/lang/token"
)

// exprComp compiles TLA+ expressions to Go expressions (mpcal.md §7.2). Expressions of
// type tla.Value come from value, Go booleans (conditions, binder predicates) from boolean.
type exprComp struct {
	g *gen
	u *unit
	// reads maps each resource access of the statement being compiled to the temporary
	// holding its hoisted read (mpcal.md §5, §7.4).
	reads map[ast.Expr]string
	// peek is set in an archetype's PreAmble: state variables are read with
	// iface.ReadArchetypeResourceLocal (no critical section is running).
	peek bool
	// anchors is the nesting depth of EXCEPT values; @ is their closure parameter.
	anchors int
}

func (g *gen) newExpr(u *unit) *exprComp { return &exprComp{g: g, u: u} }

// Go boolean expressions carry their precedence, to parenthesise only where needed.
const (
	precOr = iota + 1
	precAnd
	precAtom
)

type bexpr struct {
	s    string
	prec int
}

func paren(b bexpr, prec int) string {
	if b.prec < prec {
		return "(" + b.s + ")"
	}
	return b.s
}

func joinBool(items []bexpr, op string, prec int) bexpr {
	if len(items) == 1 {
		return items[0]
	}
	parts := make([]string, len(items))
	for i, b := range items {
		parts[i] = paren(b, prec)
	}
	return bexpr{strings.Join(parts, " "+op+" "), prec}
}

func notBool(b bexpr) bexpr { return bexpr{"!" + paren(b, precAtom), precAtom} }

// boolOp returns the short-circuit kind of a builtin boolean connective applied by x.
func (c *exprComp) boolOp(x ast.Expr) (special, []ast.Expr) {
	switch x := x.(type) {
	case *ast.OpApp:
		if len(x.Prefix) > 0 || x.Op == nil {
			return plain, nil
		}
		s := c.g.info.Uses[x.Op]
		if s == nil || s.Kind != check.Builtin {
			return plain, nil
		}
		if b, ok := lookupBuiltin(s); ok {
			switch b.kind {
			case opAnd, opOr, opImplies, opNot:
				return b.kind, x.Args
			}
		}
	case *ast.JunctionList:
		if x.Kind == ast.Conj {
			return opAnd, x.Items
		}
		return opOr, x.Items
	}
	return plain, nil
}

// boolean compiles x to a Go bool expression. /\ \/ => ~ become Go's && || ! and so
// short-circuit (mpcal.md §3.6).
func (c *exprComp) boolean(x ast.Expr) bexpr {
	if p, ok := x.(*ast.ParenExpr); ok {
		return c.boolean(p.X)
	}
	kind, args := c.boolOp(x)
	switch kind {
	case opAnd, opOr:
		list := make([]bexpr, len(args))
		for i, a := range args {
			list[i] = c.boolean(a)
		}
		if kind == opAnd {
			return joinBool(list, "&&", precAnd)
		}
		return joinBool(list, "||", precOr)
	case opImplies:
		if len(args) == 2 {
			return joinBool([]bexpr{notBool(c.boolean(args[0])), c.boolean(args[1])}, "||", precOr)
		}
	case opNot:
		if len(args) == 1 {
			return notBool(c.boolean(args[0]))
		}
	}
	if id, ok := x.(*ast.Ident); ok {
		if s := c.g.info.Uses[id]; s != nil && s.Kind == check.Builtin && s.Module == "" {
			switch s.Name {
			case "TRUE":
				return bexpr{"true", precAtom}
			case "FALSE":
				return bexpr{"false", precAtom}
			}
		}
	}
	return bexpr{c.value(x) + ".AsBool()", precAtom}
}

// value compiles x to a Go expression of type tla.Value.
func (c *exprComp) value(x ast.Expr) string {
	if t, ok := c.reads[x]; ok {
		return t
	}
	if kind, _ := c.boolOp(x); kind != plain {
		return "tla.MakeBool(" + c.boolean(x).s + ")"
	}
	switch x := x.(type) {
	case *ast.ParenExpr:
		return c.value(x.X)
	case *ast.Ident:
		return c.ident(x)
	case *ast.NumberLit:
		n := x.Int()
		if n == nil {
			c.u.unsupported(c.g, x.Pos(), "decimal number %s (only integers are supported)", x.Text)
			return "tla.Value{}"
		}
		if !n.IsInt64() || n.Int64() > math.MaxInt32 {
			c.u.unsupported(c.g, x.Pos(), "number %s does not fit in 32 bits", x.Text)
			return "tla.Value{}"
		}
		return "tla.MakeNumber(" + n.String() + ")"
	case *ast.StringLit:
		return "tla.MakeString(" + quote(x.Value) + ")"
	case *ast.OpApp:
		return c.opApp(x)
	case *ast.FuncApp:
		return c.funcApp(x)
	case *ast.FieldAccess:
		return c.value(x.X) + ".ApplyFunction(tla.MakeString(" + quote(x.Field.Name) + "))"
	case *ast.SetEnum:
		return call("tla.MakeSet", c.valueList(x.Elems)...)
	case *ast.TupleExpr:
		return call("tla.MakeTuple", c.valueList(x.Elems)...)
	case *ast.CrossExpr:
		return call("tla.CrossProduct", c.valueList(x.Factors)...)
	case *ast.FuncSet:
		return call("tla.MakeFunctionSet", c.value(x.Dom), c.value(x.Range))
	case *ast.RecordExpr:
		return call("tla.MakeRecord", c.fields(x.Fields))
	case *ast.RecordSet:
		return call("tla.MakeRecordSet", c.fields(x.Fields))
	case *ast.QuantExpr:
		return c.quant(x)
	case *ast.ChooseExpr:
		return c.choose(x)
	case *ast.SetFilter:
		return c.setFilter(x)
	case *ast.SetMap:
		sets, binds := c.bounds(x.Bounds, "args")
		body := c.value(x.Elem)
		return call("tla.SetComprehension", list("[]tla.Value", sets),
			"func(args []tla.Value) tla.Value {\n"+c.bindings(binds)+"return "+body+"\n}")
	case *ast.FuncConstr:
		sets, binds := c.bounds(x.Bounds, "args")
		body := c.value(x.Body)
		return call("tla.MakeFunction", list("[]tla.Value", sets),
			"func(args []tla.Value) tla.Value {\n"+c.bindings(binds)+"return "+body+"\n}")
	case *ast.ExceptExpr:
		return c.except(x)
	case *ast.AtExpr:
		if c.anchors == 0 {
			c.u.internalf("@ outside EXCEPT at %s", c.g.fset.Position(x.Pos()))
		}
		return "anchor"
	case *ast.IfExpr:
		return "func() tla.Value {\nif " + c.boolean(x.Cond).s + " {\nreturn " + c.value(x.Then) +
			"\n} else {\nreturn " + c.value(x.Else) + "\n}\n}()"
	case *ast.CaseExpr:
		return c.caseExpr(x)
	case *ast.LetExpr:
		return c.let(x)
	case *ast.LambdaExpr:
		c.u.unsupported(c.g, x.Pos(), "LAMBDA outside an operator argument")
	case *ast.TemporalQuantExpr:
		c.u.unsupported(c.g, x.Pos(), "temporal quantifier (\\AA, \\EE)")
	case *ast.SubscriptExpr:
		c.u.unsupported(c.g, x.Pos(), "action subscript ([A]_v, <<A>>_v)")
	case *ast.FairnessExpr:
		c.u.unsupported(c.g, x.Pos(), "fairness operator (WF_, SF_)")
	case *ast.SpecialVar:
		c.u.unsupported(c.g, x.Pos(), "$variable/$value outside a mapping macro")
	case *ast.RefArg:
		c.u.unsupported(c.g, x.Pos(), "ref argument inside an expression")
	default:
		c.u.unsupported(c.g, x.Pos(), "expression %T", x)
	}
	return "tla.Value{}"
}

func (c *exprComp) valueList(xs []ast.Expr) []string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = c.value(x)
	}
	return parts
}

func (c *exprComp) fields(fields []*ast.FieldInit) string {
	elems := make([]string, len(fields))
	for i, f := range fields {
		elems[i] = "{Key: tla.MakeString(" + quote(f.Name.Name) + "), Value: " + c.value(f.Value) + "}"
	}
	return list("[]tla.RecordField", elems)
}

// ident compiles a bare name.
func (c *exprComp) ident(x *ast.Ident) string {
	s := c.g.info.Uses[x]
	if s == nil {
		c.u.internalf("unresolved identifier %s at %s", x.Name, c.g.fset.Position(x.Pos()))
		return "tla.Value{}"
	}
	switch s.Kind {
	case check.Builtin:
		b, ok := lookupBuiltin(s)
		if !ok || b.arity != 0 || b.goName == "" {
			c.unsupportedBuiltin(x.Pos(), s)
			return "tla.Value{}"
		}
		return b.goName
	case check.ModuleDef, check.DefineDef:
		if v := c.g.vars[s]; v != nil && v.rec != nil {
			c.u.unsupported(c.g, x.Pos(), "recursive function %s used inside its own definition other than applied to an argument", x.Name)
			return "tla.Value{}"
		}
		d := c.definition(x.Pos(), s)
		if d == nil {
			return "tla.Value{}"
		}
		return d.goName + "(iface)"
	case check.Constant:
		return "iface.GetConstant(" + quote(s.Name) + ")()"
	case check.OpParam, check.BoundVar, check.WithVar:
		if v := c.local(x, s); v != nil {
			return v.name
		}
	case check.LetDef:
		v := c.local(x, s)
		if v == nil {
			return "tla.Value{}"
		}
		if v.rec != nil {
			c.u.unsupported(c.g, x.Pos(), "recursive function %s used inside its own definition other than applied to an argument", x.Name)
			return "tla.Value{}"
		}
		if v.call {
			return v.name + "()"
		}
		return v.name
	case check.Self:
		return "iface.Self()"
	case check.ArchParam, check.ArchLocal, check.ProcParam, check.ProcLocal:
		if c.peek {
			return "iface.ReadArchetypeResourceLocal(" + quote(c.g.resourceName(s)) + ")"
		}
		c.u.internalf("read of %s at %s was not hoisted", x.Name, c.g.fset.Position(x.Pos()))
	default:
		c.u.unsupported(c.g, x.Pos(), "%s %s (archetypes and MPCal procedures reach state only through their parameters)", s.Kind, x.Name)
	}
	return "tla.Value{}"
}

// local returns the Go variable of a local name and marks it used.
func (c *exprComp) local(x *ast.Ident, s *check.Symbol) *goVar {
	v := c.g.vars[s]
	if v == nil {
		c.u.internalf("no Go name for %s at %s", x.Name, c.g.fset.Position(x.Pos()))
		return nil
	}
	v.used = true
	return v
}

// definition returns the top-level definition a symbol denotes and records the dependency.
func (c *exprComp) definition(pos token.Pos, s *check.Symbol) *def {
	if s.Module != "" {
		c.u.unsupported(c.g, pos, "operator %s of module %s (gogen compiles only the standard modules' operators, mpcal.md §3.6)", s.Name, s.Module)
		return nil
	}
	d := c.g.defOf[s.Decl]
	if d == nil {
		if _, ok := s.Decl.(*ast.ModuleDef); ok {
			c.u.unsupported(c.g, pos, "module instance %s", s.Name)
			return nil
		}
		c.u.internalf("no definition for %s", s.Name)
		return nil
	}
	c.u.use(d)
	return d
}

func (c *exprComp) unsupportedBuiltin(pos token.Pos, s *check.Symbol) {
	name := s.Name
	switch s.Fix {
	case token.Prefix:
		name = strings.TrimSuffix(name, ".")
	}
	if s.Module != "" && s.Module != "PlusCal" {
		c.u.unsupported(c.g, pos, "%s (module %s) is not supported by gogen", name, s.Module)
		return
	}
	c.u.unsupported(c.g, pos, "%s is not supported by gogen", name)
}

// opApp compiles an operator application: prefix, infix, postfix or named.
func (c *exprComp) opApp(x *ast.OpApp) string {
	if len(x.Prefix) > 0 {
		c.u.unsupported(c.g, x.Pos(), "module-qualified operator %s", x.QualifiedName())
		return "tla.Value{}"
	}
	if x.Op == nil {
		c.u.internalf("operator application without operator")
		return "tla.Value{}"
	}
	s := c.g.info.Uses[x.Op]
	if s == nil {
		c.u.internalf("unresolved operator %s at %s", x.Op.Name, c.g.fset.Position(x.Pos()))
		return "tla.Value{}"
	}
	return c.apply(s, x.Op, x.Args, nil)
}

// apply compiles the application of the operator s (named by id) to args, or, when args is
// nil, to the already compiled values vals.
func (c *exprComp) apply(s *check.Symbol, id *ast.Ident, args []ast.Expr, vals []string) string {
	n := len(args)
	if args == nil {
		n = len(vals)
	}
	argVal := func(i int) string {
		if args == nil {
			return vals[i]
		}
		return c.value(args[i])
	}
	allVals := func() []string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = argVal(i)
		}
		return parts
	}
	switch s.Kind {
	case check.Builtin:
		b, ok := lookupBuiltin(s)
		if !ok || b.arity != n {
			c.unsupportedBuiltin(id.Pos(), s)
			return "tla.Value{}"
		}
		switch b.kind {
		case opAnd, opOr, opImplies:
			l, r := argVal(0), argVal(1)
			switch b.kind {
			case opAnd:
				return "tla.MakeBool(" + l + ".AsBool() && " + r + ".AsBool())"
			case opOr:
				return "tla.MakeBool(" + l + ".AsBool() || " + r + ".AsBool())"
			}
			return "tla.MakeBool(!" + l + ".AsBool() || " + r + ".AsBool())"
		case opSelectSeq:
			if args == nil {
				break
			}
			return call("tla.SelectSeq", c.value(args[0]), c.opArg(args[1], 1, true))
		case opSortSeq:
			if args == nil {
				break
			}
			return call("tla.SortSeq", c.value(args[0]), c.opArg(args[1], 2, true))
		case opBagOfAll:
			if args == nil {
				break
			}
			return call("tla.BagOfAll", c.opArg(args[0], 1, false), c.value(args[1]))
		}
		if b.kind != plain && b.kind != opNot {
			c.u.unsupported(c.g, id.Pos(), "%s passed as an operator argument", s.Name)
			return "tla.Value{}"
		}
		if b.arity == 0 {
			return b.goName
		}
		return call(b.goName, allVals()...)
	case check.ModuleDef, check.DefineDef:
		d := c.definition(id.Pos(), s)
		if d == nil {
			return "tla.Value{}"
		}
		op, ok := d.node.(*ast.OpDef)
		if !ok {
			c.u.internalf("%s applied but is not an operator", s.Name)
			return "tla.Value{}"
		}
		return call(d.goName, append([]string{"iface"}, c.opArgs(op.Params, args, vals)...)...)
	case check.Constant:
		return call("iface.GetConstant("+quote(s.Name)+")", allVals()...)
	case check.OpParam:
		v := c.local(id, s)
		if v == nil {
			return "tla.Value{}"
		}
		return call(v.name, allVals()...)
	case check.LetDef:
		v := c.local(id, s)
		if v == nil {
			return "tla.Value{}"
		}
		op, ok := s.Decl.(*ast.OpDef)
		if !ok {
			c.u.internalf("%s applied but is not an operator", s.Name)
			return "tla.Value{}"
		}
		return call(v.name, c.opArgs(op.Params, args, vals)...)
	}
	c.u.unsupported(c.g, id.Pos(), "%s %s applied as an operator", s.Kind, s.Name)
	return "tla.Value{}"
}

// opArgs compiles the arguments of a user operator: an argument for a parameter F(_, ...)
// becomes a Go closure of that arity (mpcal.md §7.2).
func (c *exprComp) opArgs(params []*ast.OpParam, args []ast.Expr, vals []string) []string {
	if args == nil {
		return vals
	}
	out := make([]string, len(args))
	for i, a := range args {
		if i < len(params) && params[i].Arity > 0 {
			out[i] = c.opArg(a, params[i].Arity, false)
			continue
		}
		out[i] = c.value(a)
	}
	return out
}

// opArg compiles an operator argument (a LAMBDA, an operator name or a symbol) to a Go
// function of arity n returning tla.Value, or bool when pred is set.
func (c *exprComp) opArg(a ast.Expr, n int, pred bool) string {
	ret := "tla.Value"
	if pred {
		ret = "bool"
	}
	switch x := a.(type) {
	case *ast.ParenExpr:
		return c.opArg(x.X, n, pred)
	case *ast.LambdaExpr:
		if len(x.Params) != n {
			c.u.unsupported(c.g, x.Pos(), "LAMBDA with %d parameters where an operator of arity %d is expected", len(x.Params), n)
			return "nil"
		}
		params := make([]string, n)
		for i, p := range x.Params {
			params[i] = c.g.bind(p).name + " tla.Value"
		}
		var body string
		if pred {
			body = c.boolean(x.Body).s
		} else {
			body = c.value(x.Body)
		}
		return "func(" + strings.Join(params, ", ") + ") " + ret + " {\nreturn " + body + "\n}"
	case *ast.Ident:
		s := c.g.info.Uses[x]
		if s == nil {
			c.u.internalf("unresolved operator argument %s", x.Name)
			return "nil"
		}
		if s.Arity != n {
			c.u.unsupported(c.g, x.Pos(), "operator %s of arity %d passed where arity %d is expected", x.Name, s.Arity, n)
			return "nil"
		}
		if !pred {
			// a Go function of the right type already exists
			switch s.Kind {
			case check.OpParam, check.LetDef:
				if v := c.local(x, s); v != nil {
					return v.name
				}
				return "nil"
			case check.Builtin:
				if b, ok := lookupBuiltin(s); ok && b.kind == plain && b.arity == n {
					return b.goName
				}
			}
		}
		params, names := make([]string, n), make([]string, n)
		for i := range params {
			names[i] = c.g.names.clean(string(rune('a' + i%26)))
			params[i] = names[i] + " tla.Value"
		}
		body := c.apply(s, x, nil, names)
		if pred {
			body += ".AsBool()"
		}
		return "func(" + strings.Join(params, ", ") + ") " + ret + " {\nreturn " + body + "\n}"
	}
	c.u.unsupported(c.g, a.Pos(), "operator argument (a name, an operator symbol or a LAMBDA is expected)")
	return "nil"
}

// funcApp compiles f[a] and f[a, b] (a tuple argument).
func (c *exprComp) funcApp(x *ast.FuncApp) string {
	if id, ok := x.Func.(*ast.Ident); ok {
		if s := c.g.info.Uses[id]; s != nil {
			if v := c.g.vars[s]; v != nil && v.rec != nil {
				v.used = true
				return v.name + "(" + c.recArgs(v.rec, x.Args) + ")"
			}
		}
	}
	f := c.value(x.Func)
	return call(f+".ApplyFunction", c.key(x.Args))
}

// key compiles the argument of a function application or an EXCEPT path step.
func (c *exprComp) key(args []ast.Expr) string {
	if len(args) == 1 {
		return c.value(args[0])
	}
	return call("tla.MakeTuple", c.valueList(args)...)
}

// recArgs compiles the argument list of a recursive function's Go closure, which takes one
// value per domain set.
func (c *exprComp) recArgs(fd *ast.FuncDef, args []ast.Expr) string {
	sets := 0
	for _, b := range fd.Bounds {
		if b.Tuple {
			sets++
		} else {
			sets += len(b.Names)
		}
	}
	switch {
	case len(args) == sets:
		return list("[]tla.Value", c.valueList(args))
	case sets == 1:
		return "[]tla.Value{" + call("tla.MakeTuple", c.valueList(args)...) + "}"
	case len(args) == 1:
		t := c.value(args[0])
		parts := make([]string, sets)
		for i := range parts {
			parts[i] = t + ".ApplyFunction(tla.MakeNumber(" + strconv.Itoa(i+1) + "))"
		}
		return "[]tla.Value{" + strings.Join(parts, ", ") + "}"
	}
	c.u.unsupported(c.g, fd.Pos(), "application of %s with %d arguments (its domain has %d components)", fd.Name.Name, len(args), sets)
	return "nil"
}

// binding is one name bound by a binder: its Go variable and where its value comes from.
type binding struct {
	v   *goVar
	src string
}

// bounds compiles binders: the sets (one per bound name, or per tuple) and the names, read
// from the slice src inside the closure.
func (c *exprComp) bounds(list []*ast.Bound, src string) ([]string, []binding) {
	var sets []string
	var binds []binding
	if b := c.dependent(list); b != nil {
		c.u.unsupported(c.g, b.Pos(), "a bound set that depends on a name bound earlier in the same binder")
	}
	for _, b := range list {
		if b.Set == nil {
			c.u.unsupported(c.g, b.Pos(), "unbounded quantifier or binder")
			continue
		}
		set := c.value(b.Set)
		if b.Tuple {
			elem := src + "[" + strconv.Itoa(len(sets)) + "]"
			sets = append(sets, set)
			for k, n := range b.Names {
				binds = append(binds, binding{c.g.bind(n), elem + ".ApplyFunction(tla.MakeNumber(" + strconv.Itoa(k+1) + "))"})
			}
			continue
		}
		for _, n := range b.Names {
			binds = append(binds, binding{c.g.bind(n), src + "[" + strconv.Itoa(len(sets)) + "]"})
			sets = append(sets, set)
		}
	}
	return sets, binds
}

// bindings declares the bound names the closure body uses (call after compiling it).
func (c *exprComp) bindings(binds []binding) string {
	var b strings.Builder
	for _, x := range binds {
		if x.v.used {
			fmt.Fprintf(&b, "var %s tla.Value = %s\n", x.v.name, x.src)
		}
	}
	return b.String()
}

// dependent returns the first bound whose set refers to a name bound earlier in the same
// list (\E x \in S, y \in x : ...), which the runtime's binders, evaluating every set
// first, cannot express; nil if there is none.
func (c *exprComp) dependent(list []*ast.Bound) *ast.Bound {
	bound := map[*check.Symbol]bool{}
	for _, b := range list {
		dep := false
		if b.Set != nil {
			ast.Inspect(b.Set, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && bound[c.g.info.Uses[id]] {
					dep = true
				}
				return !dep
			})
		}
		if dep {
			return b
		}
		for _, n := range b.Names {
			if s := c.g.info.Defs[n]; s != nil {
				bound[s] = true
			}
		}
	}
	return nil
}

func (c *exprComp) quant(x *ast.QuantExpr) string {
	fn := "tla.QuantifiedUniversal"
	if x.Kind == ast.Exists {
		fn = "tla.QuantifiedExistential"
	}
	if !x.Bounded() {
		c.u.unsupported(c.g, x.Pos(), "unbounded quantifier")
		return "tla.Value{}"
	}
	if len(x.Bounds) > 1 && c.dependent(x.Bounds) != nil {
		// nest: \A x \in S, y \in T(x) : P is \A x \in S : \A y \in T(x) : P
		inner := &ast.QuantExpr{QuantPos: x.QuantPos, Kind: x.Kind, Bounds: x.Bounds[1:], Body: x.Body}
		outer := &ast.QuantExpr{QuantPos: x.QuantPos, Kind: x.Kind, Bounds: x.Bounds[:1], Body: inner}
		return c.quant(outer)
	}
	sets, binds := c.bounds(x.Bounds, "args")
	body := c.boolean(x.Body).s
	return call(fn, list("[]tla.Value", sets), "func(args []tla.Value) bool {\n"+c.bindings(binds)+"return "+body+"\n}")
}

// single compiles the binder of CHOOSE or a set filter, whose closure receives one element.
func (c *exprComp) single(b *ast.Bound) (string, []binding) {
	if b == nil || b.Set == nil {
		return "", nil
	}
	set := c.value(b.Set)
	var binds []binding
	if b.Tuple {
		for k, n := range b.Names {
			binds = append(binds, binding{c.g.bind(n), "element.ApplyFunction(tla.MakeNumber(" + strconv.Itoa(k+1) + "))"})
		}
	} else if len(b.Names) == 1 {
		binds = append(binds, binding{c.g.bind(b.Names[0]), "element"})
	}
	return set, binds
}

func (c *exprComp) choose(x *ast.ChooseExpr) string {
	set, binds := c.single(x.Bound)
	if set == "" {
		c.u.unsupported(c.g, x.Pos(), "unbounded CHOOSE")
		return "tla.Value{}"
	}
	body := c.boolean(x.Body).s
	return call("tla.Choose", set, "func(element tla.Value) bool {\n"+c.bindings(binds)+"return "+body+"\n}")
}

func (c *exprComp) setFilter(x *ast.SetFilter) string {
	set, binds := c.single(x.Bound)
	if set == "" || (x.Bound != nil && !x.Bound.Tuple && len(x.Bound.Names) != 1) {
		c.u.unsupported(c.g, x.Pos(), "set filter without a single bounded name")
		return "tla.Value{}"
	}
	body := c.boolean(x.Pred).s
	return call("tla.SetRefinement", set, "func(element tla.Value) bool {\n"+c.bindings(binds)+"return "+body+"\n}")
}

// except compiles [f EXCEPT ![a][b] = e, ...]: one substitution record per update, whose
// closure receives the old value at the path (@).
func (c *exprComp) except(x *ast.ExceptExpr) string {
	var b strings.Builder
	b.WriteString("tla.FunctionSubstitution(" + c.value(x.Func) + ", []tla.FunctionSubstitutionRecord{\n")
	for _, u := range x.Updates {
		keys := make([]string, len(u.Path))
		for i, p := range u.Path {
			if p.Field != nil {
				keys[i] = "tla.MakeString(" + quote(p.Field.Name) + ")"
			} else {
				keys[i] = c.key(p.Args)
			}
		}
		c.anchors++
		val := c.value(u.Value)
		c.anchors--
		fmt.Fprintf(&b, "{Keys: []tla.Value{%s}, Value: func(anchor tla.Value) tla.Value {\nreturn %s\n}},\n", strings.Join(keys, ", "), val)
	}
	b.WriteString("})")
	return b.String()
}

// caseExpr compiles CASE; without OTHER an unmatched CASE panics with a type error.
func (c *exprComp) caseExpr(x *ast.CaseExpr) string {
	var b strings.Builder
	b.WriteString("func() tla.Value {\nswitch {\n")
	for _, a := range x.Arms {
		fmt.Fprintf(&b, "case %s:\nreturn %s\n", c.boolean(a.Cond).s, c.value(a.Value))
	}
	if x.Other != nil {
		fmt.Fprintf(&b, "default:\nreturn %s\n", c.value(x.Other))
	} else {
		fmt.Fprintf(&b, "default:\npanic(fmt.Errorf(\"%%w: no arm of the CASE at %s matched\", tla.ErrTLAType))\n", c.where(x.Pos()))
	}
	b.WriteString("}\n}()")
	return b.String()
}

// where renders a position for messages in generated code (file base name only, so the
// output does not depend on where the spec lies).
func (c *exprComp) where(pos token.Pos) string {
	p := c.g.fset.Position(pos)
	return fmt.Sprintf("%s:%d:%d", filepath.Base(p.Filename), p.Line, p.Column)
}

// let compiles LET as an immediately invoked closure whose definitions are Go closures
// (evaluated at each use, as operators are).
func (c *exprComp) let(x *ast.LetExpr) string {
	type letDef struct {
		v    *goVar
		code string
		node ast.Unit
	}
	var defs []*letDef
	var decls []string
	// RECURSIVE names are declared first, so that definitions may refer to later ones.
	predeclared := map[*check.Symbol]*goVar{}
	for _, d := range x.Defs {
		if r, ok := d.(*ast.Recursive); ok {
			for _, od := range r.Decls {
				s := c.g.info.Defs[od.Name]
				v := c.g.bind(od.Name)
				v.call = od.Arity == 0
				if s != nil {
					predeclared[s] = v
				}
				decls = append(decls, "var "+v.name+" "+funcType(od.Arity)+"\n")
			}
		}
	}
	for _, d := range x.Defs {
		switch d := d.(type) {
		case *ast.Recursive:
		case *ast.OpDef:
			v, pre := predeclared[c.g.info.Defs[d.Name]]
			if !pre {
				v = c.g.bind(d.Name)
			}
			ld := &letDef{v: v, node: d}
			defs = append(defs, ld)
			var params []string
			for _, p := range d.Params {
				params = append(params, c.g.bind(p.Name).name+" "+paramType(p.Arity))
			}
			v.call = len(d.Params) == 0
			body := c.value(d.Body)
			fn := "func(" + strings.Join(params, ", ") + ") tla.Value {\nreturn " + body + "\n}"
			if pre {
				ld.code = v.name + " = " + fn + "\n"
			} else {
				ld.code = v.name + " := " + fn + "\n"
			}
		case *ast.FuncDef:
			v := c.g.bind(d.Name)
			v.call = true
			defs = append(defs, &letDef{v: v, node: d, code: v.name + " := func() tla.Value {\n" + c.funcDefBody(d) + "}\n"})
		case *ast.ModuleDef:
			c.u.unsupported(c.g, d.Pos(), "module instance in LET")
		default:
			c.u.unsupported(c.g, d.Pos(), "LET unit %T", d)
		}
	}
	body := c.value(x.Body)
	var b strings.Builder
	b.WriteString("func() tla.Value {\n")
	for _, d := range decls {
		b.WriteString(d)
	}
	for _, d := range defs {
		b.WriteString(d.code)
		if !d.v.used {
			b.WriteString("_ = " + d.v.name + "\n")
		}
	}
	b.WriteString("return " + body + "\n}()")
	return b.String()
}

// paramType is the Go type of an operator parameter of the given arity.
func paramType(arity int) string {
	if arity == 0 {
		return "tla.Value"
	}
	return funcType(arity)
}

// funcType is the Go type of an operator of the given arity with first-order parameters.
func funcType(arity int) string {
	return "func(" + strings.TrimSuffix(strings.Repeat("tla.Value, ", arity), ", ") + ") tla.Value"
}

// funcDefBody compiles the statements of a Go function returning the function defined by
// f[x \in S, ...] == e. A recursive definition applies a Go closure that evaluates the body
// at one point, with the domain checked as application would.
func (c *exprComp) funcDefBody(fd *ast.FuncDef) string {
	self := c.g.info.Defs[fd.Name]
	rec := false
	if self != nil {
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && c.g.info.Uses[id] == self {
				rec = true
			}
			return !rec
		})
	}
	if !rec {
		sets, binds := c.bounds(fd.Bounds, "args")
		body := c.value(fd.Body)
		return "return tla.MakeFunction([]tla.Value{" + strings.Join(sets, ", ") + "}, func(args []tla.Value) tla.Value {\n" +
			c.bindings(binds) + "return " + body + "\n})\n"
	}
	fv := &goVar{name: c.g.names.clean(strings.ToLower(fd.Name.Name[:1]) + fd.Name.Name[1:]), rec: fd}
	saved := c.g.vars[self]
	c.g.vars[self] = fv
	defer func() { c.g.vars[self] = saved }()
	domain := c.g.names.clean("domain")
	i, set := c.g.names.clean("i"), c.g.names.clean("set")
	sets, binds := c.bounds(fd.Bounds, "args")
	body := c.value(fd.Body)
	var b strings.Builder
	fmt.Fprintf(&b, "%s := []tla.Value{%s}\n", domain, strings.Join(sets, ", "))
	fmt.Fprintf(&b, "var %s func(args []tla.Value) tla.Value\n", fv.name)
	fmt.Fprintf(&b, "%s = func(args []tla.Value) tla.Value {\n", fv.name)
	fmt.Fprintf(&b, "for %s, %s := range %s {\nif !tla.ModuleInSymbol(args[%s], %s).AsBool() {\n", i, set, domain, i, set)
	fmt.Fprintf(&b, "panic(fmt.Errorf(\"%%w: %%v is not in the domain of %s\", tla.ErrTLAType, args[%s]))\n}\n}\n", fd.Name.Name, i)
	b.WriteString(c.bindings(binds))
	b.WriteString("return " + body + "\n}\n")
	fmt.Fprintf(&b, "return tla.MakeFunction(%s, %s)\n", domain, fv.name)
	return b.String()
}

// assertText renders an assertion's condition for its error message.
func assertText(x ast.Expr) string {
	s := printer.Expr(x)
	if s == "" {
		s = "assertion"
	}
	return s
}

// maxLine is the length beyond which a call's arguments go one per line.
const maxLine = 100

// call renders fn(args...), putting the arguments one per line when the call's first line
// would be long (gofmt indents them).
func call(fn string, args ...string) string {
	inline := fn + "(" + strings.Join(args, ", ") + ")"
	first := inline
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	if len(first) <= maxLine || len(args) == 0 {
		return inline
	}
	return fn + "(\n" + strings.Join(args, ",\n") + ",\n)"
}

// list renders a composite literal typ{elems...} like call.
func list(typ string, elems []string) string {
	inline := typ + "{" + strings.Join(elems, ", ") + "}"
	first := inline
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	if len(first) <= maxLine || len(elems) == 0 {
		return inline
	}
	return typ + "{\n" + strings.Join(elems, ",\n") + ",\n}"
}
