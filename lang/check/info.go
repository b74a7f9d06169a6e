package check

import (
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// SymbolKind says what a name refers to.
type SymbolKind uint8

// Symbol kinds. The comment gives the type of Symbol.Decl.
const (
	_ SymbolKind = iota
	// Builtin is an operator or constant of a standard module (Module says which; "" for
	// the always-available ones of mpcal.md §3.4, "PlusCal" for defaultInitValue). Decl nil.
	Builtin
	// ModuleDef is an operator, function or module definition of the module or of a module
	// it extends or instantiates (Module names the latter). *ast.OpDef, *ast.FuncDef,
	// *ast.ModuleDef, or the *ast.OpDecl of a RECURSIVE declaration still waiting for its
	// definition.
	ModuleDef
	// Constant is a CONSTANT of the module or an extended module. *ast.OpDecl.
	Constant
	// ModuleVar is a VARIABLE declared in the module. *ast.Ident.
	ModuleVar
	// DefineDef is a definition of the algorithm's define block. *ast.OpDef, *ast.FuncDef,
	// *ast.ModuleDef or *ast.OpDecl (RECURSIVE).
	DefineDef
	// OpParam is a parameter of an enclosing operator definition or LAMBDA. *ast.OpParam or
	// *ast.Ident (LAMBDA).
	OpParam
	// BoundVar is a name bound inside an expression: quantifier, CHOOSE, set filter or map,
	// function constructor, function definition. *ast.Ident (the binder's name).
	BoundVar
	// LetDef is a LET definition. *ast.OpDef, *ast.FuncDef, *ast.ModuleDef, *ast.OpDecl.
	LetDef
	// GlobalVar is a global variable of the algorithm. *ast.VarDecl.
	GlobalVar
	// ArchParam is an archetype parameter; Ref and Depth tell ref parameters (with their
	// mapping count) from value parameters. *ast.Param.
	ArchParam
	// ArchLocal is an archetype local variable. *ast.VarDecl.
	ArchLocal
	// ProcParam is a procedure parameter (MPCal procedures: ref or value). *ast.Param.
	ProcParam
	// ProcLocal is a procedure local variable. *ast.VarDecl.
	ProcLocal
	// ProcessLocal is a local variable of a PlusCal process. *ast.VarDecl.
	ProcessLocal
	// ProcessName is the name bound by process (N = e) / (N \in S); in instance arguments it
	// means self. *ast.VarDecl (the process or instance identity declaration).
	ProcessName
	// WithVar is a name bound by a with statement. *ast.VarDecl.
	WithVar
	// Self is self: the identity of the running process (of the instantiating process inside
	// archetypes, MPCal procedures and mapping macros). Decl nil.
	Self
	// PlusCalVar is pc or stack, the variables of the PlusCal translation that plain PlusCal
	// algorithms may read. Decl nil.
	PlusCalVar
	// ProcedureName is the callee of a call. *ast.Procedure (MPCal or PlusCal).
	ProcedureName
	// ArchetypeName is the archetype of an instance. *ast.Archetype.
	ArchetypeName
	// MappingMacroName is the macro of a mapping clause. *ast.MappingMacro.
	MappingMacroName
	// LabelName is the target of a goto. *ast.LabeledStmt, or nil for Done and Error.
	LabelName
)

var kindNames = [...]string{"", "builtin", "module definition", "constant", "module variable",
	"define-block definition", "operator parameter", "bound name", "LET definition",
	"global variable", "archetype parameter", "archetype local", "procedure parameter",
	"procedure local", "process local", "process name", "with name", "self",
	"PlusCal variable", "procedure", "archetype", "mapping macro", "label"}

func (k SymbolKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Symbol is what a name refers to. One Symbol is shared by all uses of a declaration.
type Symbol struct {
	Kind SymbolKind
	Name string
	Decl ast.Node // see SymbolKind
	// Owner is the construct that declares a parameter, local, with name, label, process
	// name or self: *ast.Archetype, *ast.Procedure, *ast.Process, *ast.MappingMacro or
	// *ast.InstanceDecl; the *ast.Algorithm for globals and for the with names and labels of
	// a uniprocess body. Nil for module-level and define-block symbols and builtins.
	Owner ast.Node
	// Arity is the number of arguments of an operator (0 for values).
	Arity int
	// Fix is how an operator is applied (token.Named for names).
	Fix token.Fixity
	// Module names the module a builtin or imported definition comes from.
	Module string
	// Ref reports a ref parameter; Depth is its mapping count (the number of [_]).
	Ref   bool
	Depth int
}

// IsState reports whether the symbol is a state variable, which statements may assign
// (mpcal.md §4.4): a global, an archetype or procedure parameter or local, a process local,
// or (as PGo allows) a PlusCal process's own name.
func (s *Symbol) IsState() bool {
	switch s.Kind {
	case GlobalVar, ArchParam, ArchLocal, ProcParam, ProcLocal, ProcessLocal, ProcessName:
		return true
	}
	return false
}

// IsOperator reports whether the symbol denotes an operator (something applied or passed
// as an operator argument) rather than a value.
func (s *Symbol) IsOperator() bool { return s.Arity > 0 || s.Fix != token.Named }

// MappingTarget is the resolution of one mapping clause of an instance.
type MappingTarget struct {
	Arg   int               // 0-based index of the mapped argument
	Macro *ast.MappingMacro // nil if the macro is unknown
}

// Info is the name resolution of a module and its algorithm, for later passes.
type Info struct {
	// Uses maps every identifier that refers to something to its symbol: names in
	// expressions, the operator of every OpApp (infix and prefix symbols included), the first
	// step M of M!Op, assignment targets, ref argument names, callees, archetypes of
	// instances, macros of mapping clauses and goto targets. Record field names, and the Op
	// of M!Op, are not included.
	Uses map[*ast.Ident]*Symbol
	// Defs maps every declaring identifier to its symbol: definitions, operator parameters,
	// bound names, variables, parameters, with names, process names, labels.
	Defs map[*ast.Ident]*Symbol
	// Mappings resolves the mapping clauses of instances.
	Mappings map[*ast.Mapping]*MappingTarget
}

func newInfo() *Info {
	return &Info{Uses: make(map[*ast.Ident]*Symbol, 1024), Defs: make(map[*ast.Ident]*Symbol, 256),
		Mappings: map[*ast.Mapping]*MappingTarget{}}
}

// Use returns the symbol an identifier refers to, or nil.
func (in *Info) Use(id *ast.Ident) *Symbol {
	if in == nil {
		return nil
	}
	return in.Uses[id]
}

// Symbol returns the symbol an identifier declares or refers to, or nil.
func (in *Info) Symbol(id *ast.Ident) *Symbol {
	if in == nil {
		return nil
	}
	if s := in.Uses[id]; s != nil {
		return s
	}
	return in.Defs[id]
}
