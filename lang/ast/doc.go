// Package ast declares the syntax trees of TLA+ modules, PlusCal algorithms and Modular
// PlusCal blocks. Every node carries its source position: Pos() is the first byte, End() the
// byte just after the node, so the exact source text of any expression is
// src[fset.Offset(x.Pos()):fset.Offset(x.End())].
//
// TLA+: Module holds Units (ConstantDecl, VariableDecl, Assume, Recursive, OpDef, FuncDef,
// Instance, ModuleDef, Theorem, Separator, nested Module). Expressions are uniform where the
// language is: every prefix, infix, postfix and named operator application is an OpApp
// (Op.Name as written, Fix saying which; bare identifiers are Ident). Grouping is explicit
// (ParenExpr), and bulleted /\ and \/ lists are JunctionList nodes, so that printing
// preserves meaning. Binders are Bound (x \in S, x, y \in S, <<a, b>> \in S, or unbounded).
//
// PlusCal and MPCal share one Algorithm node and one statement AST (Stmt). MPCal adds
// Archetype, MappingMacro, InstanceDecl, ref parameters (Param.Ref, Depth, Caret), ref
// arguments (RefArg), YieldStmt and SpecialVar ($variable, $value). A label groups the
// statements it governs (LabeledStmt). Algorithm.Syntax records C- or P-syntax.
//
// Equal and Diff compare trees ignoring positions and layout; Inspect walks a tree.
package ast
