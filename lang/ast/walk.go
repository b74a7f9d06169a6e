package ast

import "github.com/mpgo/mpgo/lang/token"

// Inspect traverses the tree rooted at n in depth-first order: it calls f(n); if f returns
// true, Inspect visits n's children, then calls f(nil).
func Inspect(n Node, f func(Node) bool) {
	if n == nil || isNilNode(n) || !f(n) {
		return
	}
	walkChildren(n, f)
	f(nil)
}

func isNilNode(n Node) bool {
	switch n := n.(type) {
	case *Ident:
		return n == nil
	case *Block:
		return n == nil
	case *Module:
		return n == nil
	case *Algorithm:
		return n == nil
	case *DefineBlock:
		return n == nil
	case *VarDecl:
		return n == nil
	case *Bound:
		return n == nil
	}
	return false
}

func walkExprs(list []Expr, f func(Node) bool) {
	for _, x := range list {
		Inspect(x, f)
	}
}

func walkStmts(list []Stmt, f func(Node) bool) {
	for _, x := range list {
		Inspect(x, f)
	}
}

func walkUnits(list []Unit, f func(Node) bool) {
	for _, x := range list {
		Inspect(x, f)
	}
}

func walkBounds(list []*Bound, f func(Node) bool) {
	for _, x := range list {
		Inspect(x, f)
	}
}

func walkIdents(list []*Ident, f func(Node) bool) {
	for _, x := range list {
		Inspect(x, f)
	}
}

func walkDecls(list []*VarDecl, f func(Node) bool) {
	for _, x := range list {
		Inspect(x, f)
	}
}

func walkParams(list []*Param, f func(Node) bool) {
	for _, x := range list {
		Inspect(x, f)
	}
}

func walkOpParams(list []*OpParam, f func(Node) bool) {
	for _, x := range list {
		Inspect(x, f)
	}
}

func walkOpDecls(list []*OpDecl, f func(Node) bool) {
	for _, x := range list {
		Inspect(x, f)
	}
}

func walkExpr(x Expr, f func(Node) bool) {
	if x != nil {
		Inspect(x, f)
	}
}

func walkChildren(n Node, f func(Node) bool) {
	switch n := n.(type) {
	case *Ident, *NumberLit, *StringLit, *AtExpr, *SpecialVar, *BadExpr, *SkipStmt,
		*ReturnStmt, *Separator, *Theorem:
	case *ParenExpr:
		walkExpr(n.X, f)
	case *InstanceStep:
		Inspect(n.Name, f)
		walkExprs(n.Args, f)
	case *OpApp:
		for _, s := range n.Prefix {
			Inspect(s, f)
		}
		if n.Fix == token.Named {
			Inspect(n.Op, f)
			walkExprs(n.Args, f)
			break
		}
		if n.Fix == token.Postfix {
			walkExprs(n.Args, f)
			Inspect(n.Op, f)
			break
		}
		if n.Fix == token.Infix && len(n.Args) == 2 {
			Inspect(n.Args[0], f)
			Inspect(n.Op, f)
			Inspect(n.Args[1], f)
			break
		}
		Inspect(n.Op, f)
		walkExprs(n.Args, f)
	case *Bound:
		walkIdents(n.Names, f)
		walkExpr(n.Set, f)
	case *QuantExpr:
		walkBounds(n.Bounds, f)
		walkExpr(n.Body, f)
	case *TemporalQuantExpr:
		walkIdents(n.Names, f)
		walkExpr(n.Body, f)
	case *ChooseExpr:
		Inspect(n.Bound, f)
		walkExpr(n.Body, f)
	case *SetEnum:
		walkExprs(n.Elems, f)
	case *SetFilter:
		Inspect(n.Bound, f)
		walkExpr(n.Pred, f)
	case *SetMap:
		walkExpr(n.Elem, f)
		walkBounds(n.Bounds, f)
	case *TupleExpr:
		walkExprs(n.Elems, f)
	case *FuncConstr:
		walkBounds(n.Bounds, f)
		walkExpr(n.Body, f)
	case *FuncSet:
		walkExpr(n.Dom, f)
		walkExpr(n.Range, f)
	case *FieldInit:
		Inspect(n.Name, f)
		walkExpr(n.Value, f)
	case *RecordExpr:
		for _, x := range n.Fields {
			Inspect(x, f)
		}
	case *RecordSet:
		for _, x := range n.Fields {
			Inspect(x, f)
		}
	case *ExceptPath:
		if n.Field != nil {
			Inspect(n.Field, f)
		}
		walkExprs(n.Args, f)
	case *ExceptUpdate:
		for _, x := range n.Path {
			Inspect(x, f)
		}
		walkExpr(n.Value, f)
	case *ExceptExpr:
		walkExpr(n.Func, f)
		for _, x := range n.Updates {
			Inspect(x, f)
		}
	case *FuncApp:
		walkExpr(n.Func, f)
		walkExprs(n.Args, f)
	case *FieldAccess:
		walkExpr(n.X, f)
		Inspect(n.Field, f)
	case *CrossExpr:
		walkExprs(n.Factors, f)
	case *IfExpr:
		walkExpr(n.Cond, f)
		walkExpr(n.Then, f)
		walkExpr(n.Else, f)
	case *CaseArm:
		walkExpr(n.Cond, f)
		walkExpr(n.Value, f)
	case *CaseExpr:
		for _, a := range n.Arms {
			Inspect(a, f)
		}
		walkExpr(n.Other, f)
	case *LetExpr:
		walkUnits(n.Defs, f)
		walkExpr(n.Body, f)
	case *LambdaExpr:
		walkIdents(n.Params, f)
		walkExpr(n.Body, f)
	case *SubscriptExpr:
		walkExpr(n.Action, f)
		walkExpr(n.Sub, f)
	case *FairnessExpr:
		walkExpr(n.Sub, f)
		walkExpr(n.Action, f)
	case *JunctionList:
		walkExprs(n.Items, f)
	case *RefArg:
		Inspect(n.Name, f)

	case *OpDecl:
		Inspect(n.Name, f)
	case *ConstantDecl:
		walkOpDecls(n.Decls, f)
	case *VariableDecl:
		walkIdents(n.Names, f)
	case *Recursive:
		walkOpDecls(n.Decls, f)
	case *OpParam:
		Inspect(n.Name, f)
	case *OpDef:
		Inspect(n.Name, f)
		walkOpParams(n.Params, f)
		walkExpr(n.Body, f)
	case *FuncDef:
		Inspect(n.Name, f)
		walkBounds(n.Bounds, f)
		walkExpr(n.Body, f)
	case *Substitution:
		Inspect(n.Name, f)
		walkExpr(n.Value, f)
	case *Instance:
		Inspect(n.Module, f)
		for _, s := range n.Substs {
			Inspect(s, f)
		}
	case *ModuleDef:
		Inspect(n.Name, f)
		walkOpParams(n.Params, f)
		Inspect(n.Instance, f)
	case *Assume:
		if n.Name != nil {
			Inspect(n.Name, f)
		}
		walkExpr(n.Expr, f)
	case *Module:
		Inspect(n.Name, f)
		walkIdents(n.Extends, f)
		walkUnits(n.Units, f)

	case *VarDecl:
		Inspect(n.Name, f)
		walkExpr(n.Init, f)
	case *Param:
		Inspect(n.Name, f)
		walkExpr(n.Default, f)
	case *Block:
		walkStmts(n.Stmts, f)
	case *LabeledStmt:
		Inspect(n.Label, f)
		walkStmts(n.Stmts, f)
	case *AssignPair:
		walkExpr(n.Lhs, f)
		walkExpr(n.Rhs, f)
	case *AssignStmt:
		for _, p := range n.Pairs {
			Inspect(p, f)
		}
	case *IfStmt:
		walkExpr(n.Cond, f)
		Inspect(n.Then, f)
		if n.Else != nil {
			Inspect(n.Else, f)
		}
	case *WhileStmt:
		walkExpr(n.Cond, f)
		Inspect(n.Body, f)
	case *EitherStmt:
		for _, b := range n.Branches {
			Inspect(b, f)
		}
	case *WithStmt:
		walkDecls(n.Decls, f)
		Inspect(n.Body, f)
	case *AwaitStmt:
		walkExpr(n.Cond, f)
	case *PrintStmt:
		walkExpr(n.X, f)
	case *AssertStmt:
		walkExpr(n.Cond, f)
	case *GotoStmt:
		Inspect(n.Label, f)
	case *CallStmt:
		Inspect(n.Proc, f)
		walkExprs(n.Args, f)
	case *MacroCall:
		Inspect(n.Name, f)
		walkExprs(n.Args, f)
	case *YieldStmt:
		walkExpr(n.X, f)
	case *DefineBlock:
		walkUnits(n.Units, f)
	case *Macro:
		Inspect(n.Name, f)
		walkIdents(n.Params, f)
		Inspect(n.Body, f)
	case *Procedure:
		Inspect(n.Name, f)
		walkParams(n.Params, f)
		walkDecls(n.Locals, f)
		Inspect(n.Body, f)
	case *MappingMacro:
		Inspect(n.Name, f)
		Inspect(n.Read, f)
		Inspect(n.Write, f)
	case *Archetype:
		Inspect(n.Name, f)
		walkParams(n.Params, f)
		walkDecls(n.Locals, f)
		Inspect(n.Body, f)
	case *Mapping:
		if n.Name != nil {
			Inspect(n.Name, f)
		}
		Inspect(n.Macro, f)
	case *InstanceDecl:
		Inspect(n.Process, f)
		Inspect(n.Archetype, f)
		walkExprs(n.Args, f)
		for _, m := range n.Mappings {
			Inspect(m, f)
		}
	case *Process:
		Inspect(n.Ident, f)
		walkDecls(n.Locals, f)
		Inspect(n.Body, f)
	case *Algorithm:
		Inspect(n.Name, f)
		walkDecls(n.Vars, f)
		if n.Define != nil {
			Inspect(n.Define, f)
		}
		for _, m := range n.Macros {
			Inspect(m, f)
		}
		for _, p := range n.MPCalProcedures {
			Inspect(p, f)
		}
		for _, m := range n.MappingMacros {
			Inspect(m, f)
		}
		for _, a := range n.Archetypes {
			Inspect(a, f)
		}
		for _, i := range n.Instances {
			Inspect(i, f)
		}
		for _, p := range n.Procedures {
			Inspect(p, f)
		}
		for _, p := range n.Processes {
			Inspect(p, f)
		}
		if n.Body != nil {
			Inspect(n.Body, f)
		}
	}
}
