package ast

import (
	"math/big"
	"strings"

	"github.com/mpgo/mpgo/lang/token"
)

// Node is implemented by every syntax tree node. End is the position just after the node,
// so the node's source text is src[Offset(Pos()):Offset(End())].
type Node interface {
	Pos() token.Pos
	End() token.Pos
}

// Expr is a TLA+ expression.
type Expr interface {
	Node
	exprNode()
}

// Unit is a module-level item (declaration, definition, assumption, ...). Definitions also
// appear in LET and in PlusCal define blocks.
type Unit interface {
	Node
	unitNode()
}

// ---------------------------------------------------------------------------------------------
// Expressions

// Ident is an identifier, or an operator symbol where one is used as a name (an operator
// argument such as F(+, x), or the name of a user-defined infix operator).
type Ident struct {
	NamePos token.Pos
	Name    string
}

// NumberKind says how a number literal was written.
type NumberKind uint8

// Number literal kinds.
const (
	Decimal NumberKind = iota // 123
	Binary                    // \b101
	Octal                     // \o17
	Hex                       // \h1F
	Real                      // 1.5
)

// NumberLit is a numeric literal; Text is the literal as written.
type NumberLit struct {
	ValuePos token.Pos
	Kind     NumberKind
	Text     string
}

// StringLit is a string literal; Value is unescaped.
type StringLit struct {
	ValuePos token.Pos
	EndPos   token.Pos
	Value    string
}

// ParenExpr is (X); kept so that printing preserves grouping.
type ParenExpr struct {
	Lparen token.Pos
	X      Expr
	Rparen token.Pos
}

// InstanceStep is one M or M(args) step of a module-qualified name M!N!Op.
type InstanceStep struct {
	Name   *Ident
	Args   []Expr
	Rparen token.Pos // NoPos without arguments
}

// OpApp is every operator application: prefix (-x, ~p, []p, ENABLED a, UNCHANGED v, SUBSET s),
// infix (a + b, x \in S), postfix (x', r^+) and named (Op(a, b), M!Op(a), M!Op).
// Op.Name is the symbol or keyword as written (see token.Canonical). A bare identifier
// without qualification or arguments is an *Ident, not an OpApp.
type OpApp struct {
	Fix    token.Fixity
	Prefix []*InstanceStep // M!N! qualification of a named application
	Op     *Ident
	Args   []Expr
	Lparen token.Pos // named applications with arguments
	Rparen token.Pos
}

// Bound is a binder: x \in S, x, y \in S, <<a, b>> \in S, or without Set (unbounded x, <<a, b>>).
type Bound struct {
	Names  []*Ident
	Tuple  bool      // <<a, b>> form
	Lt, Gt token.Pos // << and >> of the tuple form
	In     token.Pos // \in (NoPos when unbounded)
	Set    Expr      // nil when unbounded
}

// QuantKind is \A or \E.
type QuantKind uint8

// Quantifier kinds.
const (
	ForAll QuantKind = iota
	Exists
)

// QuantExpr is \A or \E. Bounded: every Bound has a Set; unbounded: none has.
type QuantExpr struct {
	QuantPos token.Pos
	Kind     QuantKind
	Bounds   []*Bound
	Body     Expr
}

// Bounded reports whether the quantifier ranges over sets (\A x \in S : P).
func (q *QuantExpr) Bounded() bool { return len(q.Bounds) > 0 && q.Bounds[0].Set != nil }

// TemporalQuantExpr is \AA x, y : P or \EE x : P.
type TemporalQuantExpr struct {
	QuantPos token.Pos
	Kind     QuantKind
	Names    []*Ident
	Body     Expr
}

// ChooseExpr is CHOOSE x \in S : P, CHOOSE x : P or CHOOSE <<a, b>> : P.
type ChooseExpr struct {
	Choose token.Pos
	Bound  *Bound
	Body   Expr
}

// SetEnum is {a, b, c}.
type SetEnum struct {
	Lbrace token.Pos
	Elems  []Expr
	Rbrace token.Pos
}

// SetFilter is {x \in S : P}.
type SetFilter struct {
	Lbrace token.Pos
	Bound  *Bound
	Pred   Expr
	Rbrace token.Pos
}

// SetMap is {e : x \in S, y \in T}.
type SetMap struct {
	Lbrace token.Pos
	Elem   Expr
	Bounds []*Bound
	Rbrace token.Pos
}

// TupleExpr is <<a, b>>.
type TupleExpr struct {
	Lt    token.Pos
	Elems []Expr
	Gt    token.Pos
}

// FuncConstr is [x \in S, y \in T |-> e].
type FuncConstr struct {
	Lbrack token.Pos
	Bounds []*Bound
	Body   Expr
	Rbrack token.Pos
}

// FuncSet is [S -> T].
type FuncSet struct {
	Lbrack token.Pos
	Dom    Expr
	Range  Expr
	Rbrack token.Pos
}

// FieldInit is one a |-> e (records) or a : S (record sets).
type FieldInit struct {
	Name  *Ident
	Value Expr
}

// RecordExpr is [a |-> 1, b |-> 2]; [ ] (no fields) is the empty record.
type RecordExpr struct {
	Lbrack token.Pos
	Fields []*FieldInit
	Rbrack token.Pos
}

// RecordSet is [a : S, b : T].
type RecordSet struct {
	Lbrack token.Pos
	Fields []*FieldInit
	Rbrack token.Pos
}

// ExceptPath is one step of an EXCEPT path: .f (Field set) or [a, b] (Args).
type ExceptPath struct {
	Start  token.Pos // "." or "["
	Field  *Ident
	Args   []Expr
	Rbrack token.Pos
}

// ExceptUpdate is one !path = e of an EXCEPT.
type ExceptUpdate struct {
	Bang  token.Pos
	Path  []*ExceptPath
	Value Expr
}

// ExceptExpr is [f EXCEPT ![a] = e, !.g = e2].
type ExceptExpr struct {
	Lbrack  token.Pos
	Func    Expr
	Updates []*ExceptUpdate
	Rbrack  token.Pos
}

// AtExpr is @ inside an EXCEPT update.
type AtExpr struct {
	AtPos token.Pos
}

// FuncApp is f[a] or f[a, b].
type FuncApp struct {
	Func   Expr
	Lbrack token.Pos
	Args   []Expr
	Rbrack token.Pos
}

// FieldAccess is r.f.
type FieldAccess struct {
	X     Expr
	Field *Ident
}

// CrossExpr is A \X B \X C (n-ary); Ops are the symbols as written (\X or \times).
type CrossExpr struct {
	Factors []Expr
	Ops     []*Ident
}

// IfExpr is IF c THEN a ELSE b.
type IfExpr struct {
	If   token.Pos
	Cond Expr
	Then Expr
	Else Expr
}

// CaseArm is one c -> e of a CASE; Box is the [] before it (NoPos for the first).
type CaseArm struct {
	Box   token.Pos
	Cond  Expr
	Value Expr
}

// CaseExpr is CASE c1 -> e1 [] c2 -> e2 [] OTHER -> e.
type CaseExpr struct {
	Case     token.Pos
	Arms     []*CaseArm
	OtherPos token.Pos // the OTHER keyword, or NoPos
	Other    Expr      // nil without OTHER
}

// LetExpr is LET defs IN body.
type LetExpr struct {
	Let  token.Pos
	Defs []Unit // *OpDef, *FuncDef, *ModuleDef, *Recursive
	In   token.Pos
	Body Expr
}

// LambdaExpr is LAMBDA x, y : e (an operator argument).
type LambdaExpr struct {
	Lambda token.Pos
	Params []*Ident
	Body   Expr
}

// SubscriptKind is [A]_v or <<A>>_v.
type SubscriptKind uint8

// Subscripted action kinds.
const (
	BoxAction   SubscriptKind = iota // [A]_v
	AngleAction                      // <<A>>_v
)

// SubscriptExpr is [A]_v or <<A>>_v.
type SubscriptExpr struct {
	Kind   SubscriptKind
	Open   token.Pos
	Action Expr
	Sub    Expr
}

// FairnessKind is WF_ or SF_.
type FairnessKind uint8

// Fairness operator kinds.
const (
	WF FairnessKind = iota // WF_v(A)
	SF                     // SF_v(A)
)

// FairnessExpr is WF_v(A) or SF_v(A).
type FairnessExpr struct {
	Kind   FairnessKind
	KwPos  token.Pos
	Sub    Expr
	Lparen token.Pos
	Action Expr
	Rparen token.Pos
}

// JunctionKind is /\ or \/.
type JunctionKind uint8

// Junction list kinds.
const (
	Conj JunctionKind = iota // /\ bullets
	Disj                     // \/ bullets
)

// JunctionList is a bulleted list of conjuncts or disjuncts. The bullets are aligned at
// Column (1-based byte column in the source it was parsed from; 0 if unknown); Bullets[i] is
// the position of the bullet before Items[i]. Bullets as written may be \land or \lor.
type JunctionList struct {
	Kind    JunctionKind
	Column  int `ast:"-"` // layout only, ignored by Equal
	Bullets []token.Pos
	Items   []Expr
}

// SpecialVar is $variable or $value inside an MPCal mapping macro.
type SpecialVar struct {
	VarPos token.Pos
	Value  bool // $value (else $variable)
}

// RefArg is "ref x[_][_]" as an argument of an MPCal call or instance.
type RefArg struct {
	Ref    token.Pos
	Name   *Ident
	Depth  int // number of [_]
	EndPos token.Pos
}

// BadExpr stands for an expression that failed to parse.
type BadExpr struct {
	From, To token.Pos
}

func (*Ident) exprNode()             {}
func (*NumberLit) exprNode()         {}
func (*StringLit) exprNode()         {}
func (*ParenExpr) exprNode()         {}
func (*OpApp) exprNode()             {}
func (*QuantExpr) exprNode()         {}
func (*TemporalQuantExpr) exprNode() {}
func (*ChooseExpr) exprNode()        {}
func (*SetEnum) exprNode()           {}
func (*SetFilter) exprNode()         {}
func (*SetMap) exprNode()            {}
func (*TupleExpr) exprNode()         {}
func (*FuncConstr) exprNode()        {}
func (*FuncSet) exprNode()           {}
func (*RecordExpr) exprNode()        {}
func (*RecordSet) exprNode()         {}
func (*ExceptExpr) exprNode()        {}
func (*AtExpr) exprNode()            {}
func (*FuncApp) exprNode()           {}
func (*FieldAccess) exprNode()       {}
func (*CrossExpr) exprNode()         {}
func (*IfExpr) exprNode()            {}
func (*CaseExpr) exprNode()          {}
func (*LetExpr) exprNode()           {}
func (*LambdaExpr) exprNode()        {}
func (*SubscriptExpr) exprNode()     {}
func (*FairnessExpr) exprNode()      {}
func (*JunctionList) exprNode()      {}
func (*SpecialVar) exprNode()        {}
func (*RefArg) exprNode()            {}
func (*BadExpr) exprNode()           {}

func (x *Ident) Pos() token.Pos { return x.NamePos }
func (x *Ident) End() token.Pos { return x.NamePos + token.Pos(len(x.Name)) }

func (x *NumberLit) Pos() token.Pos { return x.ValuePos }
func (x *NumberLit) End() token.Pos { return x.ValuePos + token.Pos(len(x.Text)) }

// Int returns the value of an integer literal (nil for decimals and bad literals).
func (x *NumberLit) Int() *big.Int {
	var base int
	digits := x.Text
	switch x.Kind {
	case Decimal:
		base = 10
	case Binary:
		base, digits = 2, digits[2:]
	case Octal:
		base, digits = 8, digits[2:]
	case Hex:
		base, digits = 16, digits[2:]
	default:
		return nil
	}
	n, ok := new(big.Int).SetString(digits, base)
	if !ok {
		return nil
	}
	return n
}

func (x *StringLit) Pos() token.Pos { return x.ValuePos }
func (x *StringLit) End() token.Pos { return x.EndPos }

func (x *ParenExpr) Pos() token.Pos { return x.Lparen }
func (x *ParenExpr) End() token.Pos { return x.Rparen + 1 }

func (x *InstanceStep) Pos() token.Pos { return x.Name.Pos() }
func (x *InstanceStep) End() token.Pos {
	if x.Rparen.IsValid() {
		return x.Rparen + 1
	}
	return x.Name.End()
}

func (x *OpApp) Pos() token.Pos {
	switch {
	case len(x.Prefix) > 0:
		return x.Prefix[0].Pos()
	case (x.Fix == token.Infix || x.Fix == token.Postfix) && len(x.Args) > 0:
		return x.Args[0].Pos()
	}
	return x.Op.Pos()
}
func (x *OpApp) End() token.Pos {
	switch {
	case x.Fix == token.Named && x.Rparen.IsValid():
		return x.Rparen + 1
	case x.Fix == token.Postfix || len(x.Args) == 0:
		return x.Op.End()
	}
	return x.Args[len(x.Args)-1].End()
}

// Symbol returns the operator's canonical name (token.Canonical of Op.Name).
func (x *OpApp) Symbol() string { return token.Canonical(x.Op.Name, x.Fix) }

func (x *Bound) Pos() token.Pos {
	if x.Tuple {
		return x.Lt
	}
	return x.Names[0].Pos()
}
func (x *Bound) End() token.Pos {
	switch {
	case x.Set != nil:
		return x.Set.End()
	case x.Tuple:
		return x.Gt + 2
	}
	return x.Names[len(x.Names)-1].End()
}

func (x *QuantExpr) Pos() token.Pos         { return x.QuantPos }
func (x *QuantExpr) End() token.Pos         { return x.Body.End() }
func (x *TemporalQuantExpr) Pos() token.Pos { return x.QuantPos }
func (x *TemporalQuantExpr) End() token.Pos { return x.Body.End() }
func (x *ChooseExpr) Pos() token.Pos        { return x.Choose }
func (x *ChooseExpr) End() token.Pos        { return x.Body.End() }
func (x *SetEnum) Pos() token.Pos           { return x.Lbrace }
func (x *SetEnum) End() token.Pos           { return x.Rbrace + 1 }
func (x *SetFilter) Pos() token.Pos         { return x.Lbrace }
func (x *SetFilter) End() token.Pos         { return x.Rbrace + 1 }
func (x *SetMap) Pos() token.Pos            { return x.Lbrace }
func (x *SetMap) End() token.Pos            { return x.Rbrace + 1 }
func (x *TupleExpr) Pos() token.Pos         { return x.Lt }
func (x *TupleExpr) End() token.Pos         { return x.Gt + 2 }
func (x *FuncConstr) Pos() token.Pos        { return x.Lbrack }
func (x *FuncConstr) End() token.Pos        { return x.Rbrack + 1 }
func (x *FuncSet) Pos() token.Pos           { return x.Lbrack }
func (x *FuncSet) End() token.Pos           { return x.Rbrack + 1 }
func (x *FieldInit) Pos() token.Pos         { return x.Name.Pos() }
func (x *FieldInit) End() token.Pos         { return x.Value.End() }
func (x *RecordExpr) Pos() token.Pos        { return x.Lbrack }
func (x *RecordExpr) End() token.Pos        { return x.Rbrack + 1 }
func (x *RecordSet) Pos() token.Pos         { return x.Lbrack }
func (x *RecordSet) End() token.Pos         { return x.Rbrack + 1 }
func (x *ExceptPath) Pos() token.Pos        { return x.Start }
func (x *ExceptPath) End() token.Pos {
	if x.Field != nil {
		return x.Field.End()
	}
	return x.Rbrack + 1
}
func (x *ExceptUpdate) Pos() token.Pos  { return x.Bang }
func (x *ExceptUpdate) End() token.Pos  { return x.Value.End() }
func (x *ExceptExpr) Pos() token.Pos    { return x.Lbrack }
func (x *ExceptExpr) End() token.Pos    { return x.Rbrack + 1 }
func (x *AtExpr) Pos() token.Pos        { return x.AtPos }
func (x *AtExpr) End() token.Pos        { return x.AtPos + 1 }
func (x *FuncApp) Pos() token.Pos       { return x.Func.Pos() }
func (x *FuncApp) End() token.Pos       { return x.Rbrack + 1 }
func (x *FieldAccess) Pos() token.Pos   { return x.X.Pos() }
func (x *FieldAccess) End() token.Pos   { return x.Field.End() }
func (x *CrossExpr) Pos() token.Pos     { return x.Factors[0].Pos() }
func (x *CrossExpr) End() token.Pos     { return x.Factors[len(x.Factors)-1].End() }
func (x *IfExpr) Pos() token.Pos        { return x.If }
func (x *IfExpr) End() token.Pos        { return x.Else.End() }
func (x *CaseArm) Pos() token.Pos       { return x.Cond.Pos() }
func (x *CaseArm) End() token.Pos       { return x.Value.End() }
func (x *CaseExpr) Pos() token.Pos      { return x.Case }
func (x *LetExpr) Pos() token.Pos       { return x.Let }
func (x *LetExpr) End() token.Pos       { return x.Body.End() }
func (x *LambdaExpr) Pos() token.Pos    { return x.Lambda }
func (x *LambdaExpr) End() token.Pos    { return x.Body.End() }
func (x *SubscriptExpr) Pos() token.Pos { return x.Open }
func (x *SubscriptExpr) End() token.Pos { return x.Sub.End() }
func (x *FairnessExpr) Pos() token.Pos  { return x.KwPos }
func (x *FairnessExpr) End() token.Pos  { return x.Rparen + 1 }
func (x *JunctionList) Pos() token.Pos  { return x.Bullets[0] }
func (x *JunctionList) End() token.Pos  { return x.Items[len(x.Items)-1].End() }
func (x *SpecialVar) Pos() token.Pos    { return x.VarPos }
func (x *SpecialVar) End() token.Pos {
	if x.Value {
		return x.VarPos + token.Pos(len("$value"))
	}
	return x.VarPos + token.Pos(len("$variable"))
}
func (x *RefArg) Pos() token.Pos  { return x.Ref }
func (x *RefArg) End() token.Pos  { return x.EndPos }
func (x *BadExpr) Pos() token.Pos { return x.From }
func (x *BadExpr) End() token.Pos { return x.To }

func (x *CaseExpr) End() token.Pos {
	if x.Other != nil {
		return x.Other.End()
	}
	return x.Arms[len(x.Arms)-1].End()
}

// Bullet returns the bullet spelling of a junction kind.
func (k JunctionKind) Bullet() string {
	if k == Disj {
		return `\/`
	}
	return `/\`
}

// ---------------------------------------------------------------------------------------------
// Units

// OpDecl declares an operator in CONSTANT or RECURSIVE: C, F(_, _), _ + _, -. _ or _ ^+.
type OpDecl struct {
	Start  token.Pos
	Name   *Ident
	Fix    token.Fixity
	Arity  int
	EndPos token.Pos
}

// ConstantDecl is CONSTANT(S) decls.
type ConstantDecl struct {
	Keyword token.Pos
	Plural  bool `ast:"-"`
	Decls   []*OpDecl
}

// VariableDecl is VARIABLE(S) names.
type VariableDecl struct {
	Keyword token.Pos
	Plural  bool `ast:"-"`
	Names   []*Ident
}

// Recursive is RECURSIVE F(_), G.
type Recursive struct {
	Keyword token.Pos
	Decls   []*OpDecl
}

// OpParam is a parameter of an operator definition: x, or F(_, _) (Arity 2).
type OpParam struct {
	Name   *Ident
	Arity  int
	EndPos token.Pos
}

// OpDef is Name(params) == Body, or a user-defined prefix/infix/postfix operator
// (-. a == ..., a \prec b == ..., a ^+ == ...) with Fix saying which.
type OpDef struct {
	Local  bool
	Start  token.Pos // LOCAL or the first token
	Fix    token.Fixity
	Name   *Ident
	Params []*OpParam
	Body   Expr
}

// FuncDef is f[x \in S, y \in T] == Body.
type FuncDef struct {
	Local  bool
	Start  token.Pos
	Name   *Ident
	Bounds []*Bound
	Body   Expr
}

// Substitution is x <- e in INSTANCE ... WITH.
type Substitution struct {
	Name  *Ident // may be an operator symbol
	Value Expr
}

// Instance is INSTANCE M WITH a <- e, ... (a unit on its own, or the body of a ModuleDef).
type Instance struct {
	Local  bool
	Start  token.Pos
	Module *Ident
	Substs []*Substitution
	EndPos token.Pos
}

// ModuleDef is M == INSTANCE ... or M(x, y) == INSTANCE ....
type ModuleDef struct {
	Local    bool
	Start    token.Pos
	Name     *Ident
	Params   []*OpParam
	Instance *Instance
}

// Assume is ASSUME e, ASSUMPTION e, AXIOM e, or ASSUME Name == e.
type Assume struct {
	Keyword token.Pos
	Kind    string // ASSUME, ASSUMPTION or AXIOM as written
	Name    *Ident // nil unless named
	Expr    Expr
}

// Theorem is a THEOREM/LEMMA/COROLLARY/PROPOSITION/PROOF/USE/HIDE unit. Proofs are not
// interpreted: the unit keeps its source text (Text, comments included) for printing.
type Theorem struct {
	Keyword token.Pos
	Kind    string
	Name    *Ident // THEOREM Name == ...; nil if not parsed
	Text    string
	EndPos  token.Pos
}

// Separator is a ---- line between units.
type Separator struct {
	SepPos token.Pos
	Len    int `ast:"-"`
}

// Module is a TLA+ module ("---- MODULE Name ---- ... ===="), also a nested module unit.
type Module struct {
	Header  token.Pos // first dash of the header
	Name    *Ident
	Extends []*Ident
	Units   []Unit
	EndPos  token.Pos // after ==== (or where parsing stopped)
}

func (*ConstantDecl) unitNode() {}
func (*VariableDecl) unitNode() {}
func (*Recursive) unitNode()    {}
func (*OpDef) unitNode()        {}
func (*FuncDef) unitNode()      {}
func (*Instance) unitNode()     {}
func (*ModuleDef) unitNode()    {}
func (*Assume) unitNode()       {}
func (*Theorem) unitNode()      {}
func (*Separator) unitNode()    {}
func (*Module) unitNode()       {}

func (x *OpDecl) Pos() token.Pos       { return x.Start }
func (x *OpDecl) End() token.Pos       { return x.EndPos }
func (x *ConstantDecl) Pos() token.Pos { return x.Keyword }
func (x *ConstantDecl) End() token.Pos { return x.Decls[len(x.Decls)-1].End() }
func (x *VariableDecl) Pos() token.Pos { return x.Keyword }
func (x *VariableDecl) End() token.Pos { return x.Names[len(x.Names)-1].End() }
func (x *Recursive) Pos() token.Pos    { return x.Keyword }
func (x *Recursive) End() token.Pos    { return x.Decls[len(x.Decls)-1].End() }
func (x *OpParam) Pos() token.Pos      { return x.Name.Pos() }
func (x *OpParam) End() token.Pos      { return x.EndPos }
func (x *OpDef) Pos() token.Pos        { return x.Start }
func (x *OpDef) End() token.Pos        { return x.Body.End() }
func (x *FuncDef) Pos() token.Pos      { return x.Start }
func (x *FuncDef) End() token.Pos      { return x.Body.End() }
func (x *Substitution) Pos() token.Pos { return x.Name.Pos() }
func (x *Substitution) End() token.Pos { return x.Value.End() }
func (x *Instance) Pos() token.Pos     { return x.Start }
func (x *Instance) End() token.Pos     { return x.EndPos }
func (x *ModuleDef) Pos() token.Pos    { return x.Start }
func (x *ModuleDef) End() token.Pos    { return x.Instance.End() }
func (x *Assume) Pos() token.Pos       { return x.Keyword }
func (x *Assume) End() token.Pos       { return x.Expr.End() }
func (x *Theorem) Pos() token.Pos      { return x.Keyword }
func (x *Theorem) End() token.Pos      { return x.EndPos }
func (x *Separator) Pos() token.Pos    { return x.SepPos }
func (x *Separator) End() token.Pos    { return x.SepPos + token.Pos(x.Len) }
func (x *Module) Pos() token.Pos       { return x.Header }
func (x *Module) End() token.Pos       { return x.EndPos }

// Def returns the unit named name among m's definitions and declarations, or nil.
func (m *Module) Def(name string) Unit {
	for _, u := range m.Units {
		switch u := u.(type) {
		case *OpDef:
			if u.Name.Name == name {
				return u
			}
		case *FuncDef:
			if u.Name.Name == name {
				return u
			}
		case *ModuleDef:
			if u.Name.Name == name {
				return u
			}
		}
	}
	return nil
}

// QualifiedName renders M!N!Op for a named application (for messages).
func (x *OpApp) QualifiedName() string {
	var b strings.Builder
	for _, s := range x.Prefix {
		b.WriteString(s.Name.Name)
		b.WriteByte('!')
	}
	b.WriteString(x.Op.Name)
	return b.String()
}
