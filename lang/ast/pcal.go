package ast

import "github.com/mpgo/mpgo/lang/token"

// Stmt is a PlusCal or MPCal statement.
type Stmt interface {
	Node
	stmtNode()
}

// AlgorithmKind tells plain PlusCal from Modular PlusCal.
type AlgorithmKind uint8

// Algorithm kinds.
const (
	PlusCal AlgorithmKind = iota // --algorithm / --fair algorithm
	MPCal                        // --mpcal
)

// Syntax is the PlusCal surface syntax an algorithm was written in.
type Syntax uint8

// PlusCal syntaxes.
const (
	CSyntax Syntax = iota // braces
	PSyntax               // begin ... end
)

// Fairness of a process or instance.
type Fairness uint8

// Fairness values.
const (
	Unfair     Fairness = iota // process
	WeakFair                   // fair process
	StrongFair                 // fair+ process
)

// DeclKind says how a variable is declared: x, x = e or x \in e.
type DeclKind uint8

// Declaration kinds.
const (
	DeclPlain DeclKind = iota
	DeclEq
	DeclIn
)

// VarDecl is a variable declaration (globals, locals, with bindings, process identity).
type VarDecl struct {
	Name *Ident
	Kind DeclKind
	Init Expr // nil for DeclPlain
}

// Param is a procedure or archetype parameter: x (value), x = e (PlusCal default),
// ref x, ref x[_][_] (Depth 2) or ref x^ (Caret; parses but is rejected later).
type Param struct {
	Ref     token.Pos // NoPos for a value parameter
	Name    *Ident
	Depth   int
	Caret   bool
	Default Expr
	EndPos  token.Pos
}

// IsRef reports whether the parameter is a ref parameter.
func (p *Param) IsRef() bool { return p.Ref.IsValid() }

// Block is a statement list: { ... } in C-syntax, begin ... end in P-syntax, or the
// branch of an if/either/while/with.
type Block struct {
	Lbrace token.Pos
	Stmts  []Stmt
	Rbrace token.Pos // position of the closing token ("}" or "end"); NoPos if implicit
	EndPos token.Pos `ast:"-"`
}

// LabelModifier is the fairness hint after a label.
type LabelModifier uint8

// Label modifiers.
const (
	NoModifier    LabelModifier = iota
	PlusModifier                // lbl:+
	MinusModifier               // lbl:-
)

// LabeledStmt is "lbl: s1; s2; ..." — the label and the maximal run of unlabeled statements
// it governs within its statement list.
type LabeledStmt struct {
	Label    *Ident
	Colon    token.Pos
	Modifier LabelModifier
	Stmts    []Stmt
}

// AssignPair is one lhs := rhs of an assignment. Lhs is an *Ident, *SpecialVar, *FuncApp
// (x[i], x[i, j]) or *FieldAccess (x.f) rooted at an identifier or $variable.
type AssignPair struct {
	Lhs    Expr
	Assign token.Pos
	Rhs    Expr
}

// AssignStmt is lhs := e || lhs2 := e2.
type AssignStmt struct {
	Pairs []*AssignPair
}

// IfStmt is if/else (C) or if/elsif/else/end if (P); an elsif is an IfStmt with ElsIf set as
// the only statement of the outer Else.
type IfStmt struct {
	If     token.Pos
	ElsIf  bool
	Cond   Expr
	Then   *Block
	Else   *Block    // nil without else
	EndPos token.Pos `ast:"-"`
}

// WhileStmt is while (c) body.
type WhileStmt struct {
	While  token.Pos
	Cond   Expr
	Body   *Block
	EndPos token.Pos `ast:"-"`
}

// EitherStmt is either A or B or C.
type EitherStmt struct {
	Either   token.Pos
	Branches []*Block
	EndPos   token.Pos `ast:"-"`
}

// WithStmt is with (x = e, y \in S) body.
type WithStmt struct {
	With   token.Pos
	Decls  []*VarDecl
	Body   *Block
	EndPos token.Pos `ast:"-"`
}

// AwaitStmt is await e or when e.
type AwaitStmt struct {
	Keyword token.Pos
	When    bool
	Cond    Expr
}

// PrintStmt is print e.
type PrintStmt struct {
	Print token.Pos
	X     Expr
}

// AssertStmt is assert e.
type AssertStmt struct {
	Assert token.Pos
	Cond   Expr
}

// SkipStmt is skip.
type SkipStmt struct{ Skip token.Pos }

// ReturnStmt is return.
type ReturnStmt struct{ Return token.Pos }

// GotoStmt is goto lbl.
type GotoStmt struct {
	Goto  token.Pos
	Label *Ident
}

// CallStmt is call P(args); an argument may be a *RefArg in MPCal.
type CallStmt struct {
	Call   token.Pos
	Proc   *Ident
	Args   []Expr
	Rparen token.Pos
}

// MacroCall is M(args).
type MacroCall struct {
	Name   *Ident
	Args   []Expr
	Rparen token.Pos
}

// YieldStmt is yield e (MPCal mapping macros).
type YieldStmt struct {
	Yield token.Pos
	X     Expr
}

func (*Block) stmtNode()       {}
func (*LabeledStmt) stmtNode() {}
func (*AssignStmt) stmtNode()  {}
func (*IfStmt) stmtNode()      {}
func (*WhileStmt) stmtNode()   {}
func (*EitherStmt) stmtNode()  {}
func (*WithStmt) stmtNode()    {}
func (*AwaitStmt) stmtNode()   {}
func (*PrintStmt) stmtNode()   {}
func (*AssertStmt) stmtNode()  {}
func (*SkipStmt) stmtNode()    {}
func (*ReturnStmt) stmtNode()  {}
func (*GotoStmt) stmtNode()    {}
func (*CallStmt) stmtNode()    {}
func (*MacroCall) stmtNode()   {}
func (*YieldStmt) stmtNode()   {}

func (x *VarDecl) Pos() token.Pos { return x.Name.Pos() }
func (x *VarDecl) End() token.Pos {
	if x.Init != nil {
		return x.Init.End()
	}
	return x.Name.End()
}
func (x *Param) Pos() token.Pos {
	if x.Ref.IsValid() {
		return x.Ref
	}
	return x.Name.Pos()
}
func (x *Param) End() token.Pos { return x.EndPos }
func (x *Block) Pos() token.Pos { return x.Lbrace }
func (x *Block) End() token.Pos { return x.EndPos }
func (x *LabeledStmt) Pos() token.Pos {
	return x.Label.Pos()
}
func (x *LabeledStmt) End() token.Pos {
	if len(x.Stmts) == 0 {
		return x.Colon + 1
	}
	return x.Stmts[len(x.Stmts)-1].End()
}
func (x *AssignPair) Pos() token.Pos { return x.Lhs.Pos() }
func (x *AssignPair) End() token.Pos { return x.Rhs.End() }
func (x *AssignStmt) Pos() token.Pos { return x.Pairs[0].Pos() }
func (x *AssignStmt) End() token.Pos { return x.Pairs[len(x.Pairs)-1].End() }
func (x *IfStmt) Pos() token.Pos     { return x.If }
func (x *IfStmt) End() token.Pos     { return x.EndPos }
func (x *WhileStmt) Pos() token.Pos  { return x.While }
func (x *WhileStmt) End() token.Pos  { return x.EndPos }
func (x *EitherStmt) Pos() token.Pos { return x.Either }
func (x *EitherStmt) End() token.Pos { return x.EndPos }
func (x *WithStmt) Pos() token.Pos   { return x.With }
func (x *WithStmt) End() token.Pos   { return x.EndPos }
func (x *AwaitStmt) Pos() token.Pos  { return x.Keyword }
func (x *AwaitStmt) End() token.Pos  { return x.Cond.End() }
func (x *PrintStmt) Pos() token.Pos  { return x.Print }
func (x *PrintStmt) End() token.Pos  { return x.X.End() }
func (x *AssertStmt) Pos() token.Pos { return x.Assert }
func (x *AssertStmt) End() token.Pos { return x.Cond.End() }
func (x *SkipStmt) Pos() token.Pos   { return x.Skip }
func (x *SkipStmt) End() token.Pos   { return x.Skip + 4 }
func (x *ReturnStmt) Pos() token.Pos { return x.Return }
func (x *ReturnStmt) End() token.Pos { return x.Return + 6 }
func (x *GotoStmt) Pos() token.Pos   { return x.Goto }
func (x *GotoStmt) End() token.Pos   { return x.Label.End() }
func (x *CallStmt) Pos() token.Pos   { return x.Call }
func (x *CallStmt) End() token.Pos   { return x.Rparen + 1 }
func (x *MacroCall) Pos() token.Pos  { return x.Name.Pos() }
func (x *MacroCall) End() token.Pos  { return x.Rparen + 1 }
func (x *YieldStmt) Pos() token.Pos  { return x.Yield }
func (x *YieldStmt) End() token.Pos  { return x.X.End() }

// ---------------------------------------------------------------------------------------------
// Algorithm-level declarations

// DefineBlock is define { units } (C) or define units end define (P).
type DefineBlock struct {
	Define token.Pos
	Units  []Unit
	EndPos token.Pos
}

// Macro is macro M(a, b) body.
type Macro struct {
	Macro  token.Pos
	Name   *Ident
	Params []*Ident
	Body   *Block
	EndPos token.Pos `ast:"-"`
}

// Procedure is a PlusCal procedure, or an MPCal procedure (MPCal set; declared before the
// mapping macros, may have ref parameters).
type Procedure struct {
	Procedure token.Pos
	MPCal     bool
	Name      *Ident
	Params    []*Param
	Locals    []*VarDecl
	Body      *Block
	EndPos    token.Pos `ast:"-"`
}

// MappingMacro is mapping macro M { read {...} write {...} }.
type MappingMacro struct {
	Mapping token.Pos
	Name    *Ident
	Read    *Block
	Write   *Block
	EndPos  token.Pos
}

// Archetype is archetype A(params) variables ...; body.
type Archetype struct {
	Archetype token.Pos
	Name      *Ident
	Params    []*Param
	Locals    []*VarDecl
	Body      *Block
}

// Mapping is "mapping g[_] via M" or "mapping @2[_] via M" of an instance.
type Mapping struct {
	Mapping  token.Pos
	Name     *Ident // nil for a positional target
	Position int    // @N (1-based), 0 when Name is set
	Depth    int    // number of [_]
	Macro    *Ident
}

// Instance is [fair[+]] process (N \in S) == instance A(args) mapping ... ;.
type InstanceDecl struct {
	Start     token.Pos
	Fairness  Fairness
	Process   *VarDecl // Name = or \in the identity set
	Archetype *Ident
	Args      []Expr
	Mappings  []*Mapping
	EndPos    token.Pos
}

// Process is [fair[+]] process (N \in S) variables ...; body (C) or
// process N \in S variables ... begin ... end process (P).
type Process struct {
	Start    token.Pos
	Fairness Fairness
	Ident    *VarDecl // Kind is DeclEq or DeclIn
	Locals   []*VarDecl
	Body     *Block
	EndPos   token.Pos `ast:"-"`
}

// Algorithm is a PlusCal (--algorithm, --fair algorithm) or MPCal (--mpcal) block.
// For plain PlusCal, Procedures holds the procedures and MPCalProcedures, MappingMacros,
// Archetypes and Instances are empty.
type Algorithm struct {
	Kind            AlgorithmKind
	Syntax          Syntax
	Fair            bool      // --fair algorithm
	Start           token.Pos // the "--" of --algorithm / --fair / --mpcal
	Name            *Ident
	Vars            []*VarDecl // global variables
	Define          *DefineBlock
	Macros          []*Macro
	MPCalProcedures []*Procedure
	MappingMacros   []*MappingMacro
	Archetypes      []*Archetype
	Instances       []*InstanceDecl
	Procedures      []*Procedure
	Processes       []*Process
	Body            *Block // uniprocess body; nil with processes
	EndPos          token.Pos
}

func (x *DefineBlock) Pos() token.Pos  { return x.Define }
func (x *DefineBlock) End() token.Pos  { return x.EndPos }
func (x *Macro) Pos() token.Pos        { return x.Macro }
func (x *Macro) End() token.Pos        { return x.EndPos }
func (x *Procedure) Pos() token.Pos    { return x.Procedure }
func (x *Procedure) End() token.Pos    { return x.EndPos }
func (x *MappingMacro) Pos() token.Pos { return x.Mapping }
func (x *MappingMacro) End() token.Pos { return x.EndPos }
func (x *Archetype) Pos() token.Pos    { return x.Archetype }
func (x *Archetype) End() token.Pos    { return x.Body.End() }
func (x *Mapping) Pos() token.Pos      { return x.Mapping }
func (x *Mapping) End() token.Pos      { return x.Macro.End() }
func (x *InstanceDecl) Pos() token.Pos { return x.Start }
func (x *InstanceDecl) End() token.Pos { return x.EndPos }
func (x *Process) Pos() token.Pos      { return x.Start }
func (x *Process) End() token.Pos      { return x.EndPos }
func (x *Algorithm) Pos() token.Pos    { return x.Start }
func (x *Algorithm) End() token.Pos    { return x.EndPos }

// ---------------------------------------------------------------------------------------------
// Files

// Marker is one occurrence of a translation marker line such as "\* BEGIN TRANSLATION".
type Marker struct {
	Line   int // 1-based line number
	Offset int // byte offset of the line's first byte
	End    int // byte offset just after the line (after its newline, if any)
	Text   string
}

// Markers lists the marker lines of a file, in file order.
type Markers struct {
	BeginPlusCal     []Marker // \* BEGIN PLUSCAL TRANSLATION
	EndPlusCal       []Marker // \* END PLUSCAL TRANSLATION
	BeginTranslation []Marker // \* BEGIN TRANSLATION
	EndTranslation   []Marker // \* END TRANSLATION
}

// File is a parsed .tla file: the module, the algorithm found in it (if asked for and present)
// and where its marker lines and algorithm text are.
type File struct {
	Name      string
	Module    *Module
	Algorithm *Algorithm
	Markers   Markers
	// AlgStart, AlgEnd: byte span of the algorithm text (from "--algorithm"/"--mpcal" to just
	// after its closing "}" or "end algorithm"); both -1 when no algorithm was parsed.
	AlgStart, AlgEnd int
}
