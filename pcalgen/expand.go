package pcalgen

import (
	"fmt"
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/normalize"
	"github.com/mpgo/mpgo/lang/token"
)

// maxProcedures bounds procedure specialisation (one copy per signature, mpcal.md §6.5), so
// that a pathological input cannot make generation run away.
const maxProcedures = 10000

// target is what a ref parameter denotes in one expansion: an output state variable,
// possibly accessed through a mapping macro.
type target struct {
	name  string            // the output state variable
	macro *ast.MappingMacro // nil: accesses are plain reads and writes
	depth int               // mapping count: the indices that address the mapped resource
	// indexed: the variable is a process local made global so that procedures can assign
	// it, a function of the process identity; it is accessed as name[self]
	indexed bool
}

func (t *target) key() string {
	m := ""
	if t.macro != nil {
		m = t.macro.Name.Name
	}
	return fmt.Sprintf("ref %s[%v] via %q/%d", t.name, t.indexed, m, t.depth)
}

// base is the expression denoting the variable.
func (t *target) base(pos ast.Node) ast.Expr {
	id := ident(pos, t.name)
	if !t.indexed {
		return id
	}
	return &ast.FuncApp{Func: id, Lbrack: id.NamePos, Args: []ast.Expr{ident(pos, "self")}, Rbrack: id.NamePos}
}

// body is the substitution in force while one archetype, procedure or process body is
// expanded (mpcal.md §6.3, §6.5).
type body struct {
	refs    map[*check.Symbol]*target // ref parameters
	vars    map[*check.Symbol]*target // value parameters and locals
	self    ast.Expr                  // replaces self in a single process; nil keeps self
	selfSym *check.Symbol             // an instance's process name, which means self
	binders map[*check.Symbol]string  // binders renamed to avoid capturing a state variable
}

func newBody() *body {
	return &body{refs: map[*check.Symbol]*target{}, vars: map[*check.Symbol]*target{}, binders: map[*check.Symbol]string{}}
}

// gen holds the state of one MPCal-to-PlusCal compilation.
type gen struct {
	fset  *token.FileSet
	info  *check.Info
	names *normalize.Namer
	alg   *ast.Algorithm // flattened, parallel assignments desugared

	// capture holds the user's state variable names: a binder of expanded code with one of
	// these names could capture or shadow a state variable, so it is renamed.
	capture map[string]bool
	// taken holds the names output state variables must not take (state variables, labels,
	// process and procedure names, definitions, the translator's own names).
	taken map[string]bool

	specs    map[string]string   // procedure signature -> generated procedure name
	procs    []*ast.Procedure    // generated procedures, in order of completion
	procVars map[string][]string // output procedure -> its parameters and locals
	globals  []*ast.VarDecl      // process locals made global (see locals.declare)
	errs     check.ErrorList
}

func (g *gen) errorf(pos token.Pos, kind check.Kind, format string, args ...any) {
	e := &check.Error{Pos: pos, Kind: kind, Msg: fmt.Sprintf(format, args...)}
	if pos.IsValid() {
		e.Position = g.fset.Position(pos)
	}
	g.errs = append(g.errs, e)
}

// translatorNames are the names the PlusCal translation defines.
var translatorNames = []string{"pc", "stack", "self", "Init", "Next", "Spec", "vars", "ProcSet",
	"Terminating", "Termination", "defaultInitValue", "Done", "Error"}

// tables fills capture and taken.
func (g *gen) tables(mod *ast.Module) {
	g.capture = map[string]bool{}
	g.taken = map[string]bool{}
	for _, n := range translatorNames {
		g.taken[n] = true
	}
	a := g.alg
	state := func(name string) {
		g.capture[name] = true
		g.taken[name] = true
	}
	for _, v := range a.Vars {
		state(v.Name.Name)
	}
	for _, p := range a.Procedures {
		g.taken[p.Name.Name] = true
		for _, prm := range p.Params {
			state(prm.Name.Name)
		}
		for _, l := range p.Locals {
			state(l.Name.Name)
		}
	}
	for _, pr := range a.Processes {
		g.taken[pr.Ident.Name.Name] = true
		for _, l := range pr.Locals {
			state(l.Name.Name)
		}
	}
	// names of MPCal code become state variables too; they keep their names where they
	// can, so binders elsewhere must not take them
	for _, p := range a.MPCalProcedures {
		g.taken[p.Name.Name] = true
		for _, prm := range p.Params {
			g.capture[prm.Name.Name] = true
		}
		for _, l := range p.Locals {
			g.capture[l.Name.Name] = true
		}
	}
	for _, ar := range a.Archetypes {
		for _, prm := range ar.Params {
			g.capture[prm.Name.Name] = true
		}
		for _, l := range ar.Locals {
			g.capture[l.Name.Name] = true
		}
	}
	for _, in := range a.Instances {
		g.taken[in.Process.Name.Name] = true
	}
	ast.Inspect(a, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			g.taken[l.Label.Name] = true
		}
		_, isExpr := n.(ast.Expr)
		return !isExpr
	})
	if a.Define != nil {
		for _, u := range a.Define.Units {
			unitNames(u, g.taken)
		}
	}
	if mod != nil {
		for _, u := range mod.Units {
			unitNames(u, g.taken)
		}
	}
}

func unitNames(u ast.Unit, set map[string]bool) {
	switch u := u.(type) {
	case *ast.OpDef:
		set[u.Name.Name] = true
	case *ast.FuncDef:
		set[u.Name.Name] = true
	case *ast.ModuleDef:
		set[u.Name.Name] = true
	case *ast.ConstantDecl:
		for _, d := range u.Decls {
			set[d.Name.Name] = true
		}
	case *ast.VariableDecl:
		for _, n := range u.Names {
			set[n.Name] = true
		}
	}
}

// varName returns the output name of a state variable the expansion declares: base itself
// unless that is taken, else a fresh name derived from it.
func (g *gen) varName(base string) string {
	if !g.taken[base] {
		g.taken[base] = true
		return base
	}
	n := g.names.Fresh(base)
	g.taken[n] = true
	return n
}

// binderName returns the new name of a binder of expanded code, or "" to keep it.
func (g *gen) binderName(b *body, sym *check.Symbol) string {
	if sym == nil {
		return ""
	}
	switch sym.Kind {
	case check.BoundVar, check.WithVar, check.LetDef, check.OpParam:
	default:
		return ""
	}
	if n, ok := b.binders[sym]; ok {
		return n
	}
	if !g.capture[sym.Name] {
		return ""
	}
	n := g.names.Fresh(sym.Name)
	b.binders[sym] = n
	return n
}

// selfExpr is what self means in b.
func (g *gen) selfExpr(b *body, pos ast.Node) ast.Expr {
	if b.self != nil {
		return (&copier{}).expr(b.self)
	}
	return ident(pos, "self")
}

// mread is one read of a mapped variable, hoisted out of its statement (mpcal.md §6.4).
type mread struct {
	t      *target
	access ast.Expr // the underlying variable (element): what $variable denotes
	name   string   // the name the read's value is bound to
}

// reads collects the mapped reads of one statement in evaluation order.
type reads struct{ list []*mread }

// copier returns the expression copier of body b; mapped reads are recorded in rd (nil: no
// mapped reads are expected, accesses stay plain).
func (g *gen) copier(b *body, rd *reads) *copier {
	c := &copier{}
	c.use = func(id *ast.Ident) ast.Expr {
		sym := g.info.Use(id)
		if sym == nil {
			return nil
		}
		if t := b.refs[sym]; t != nil {
			return t.base(id)
		}
		if t := b.vars[sym]; t != nil {
			return t.base(id)
		}
		if sym.Kind == check.Self || (b.selfSym != nil && sym == b.selfSym) {
			return g.selfExpr(b, id)
		}
		if n := g.binderName(b, sym); n != "" {
			return ident(id, n)
		}
		return nil
	}
	c.name = func(id *ast.Ident) string { return g.binderName(b, g.info.Symbol(id)) }
	if rd != nil {
		c.chain = func(x ast.Expr) ast.Expr { return g.mappedRead(b, c, rd, x) }
	}
	return c
}

// splitChain returns the root of an access chain x[i].f[j] and its steps, innermost first.
func splitChain(x ast.Expr) (ast.Expr, []ast.Expr) {
	var steps []ast.Expr
	for {
		switch y := x.(type) {
		case *ast.FuncApp:
			steps = append(steps, y)
			x = y.Func
			continue
		case *ast.FieldAccess:
			steps = append(steps, y)
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

// applySteps rebuilds an access chain on base, copying the steps' indices with c.
func applySteps(c *copier, base ast.Expr, steps []ast.Expr) ast.Expr {
	for _, st := range steps {
		switch st := st.(type) {
		case *ast.FuncApp:
			base = &ast.FuncApp{Func: base, Lbrack: st.Lbrack, Args: c.exprs(st.Args), Rbrack: st.Rbrack}
		case *ast.FieldAccess:
			base = &ast.FieldAccess{X: base, Field: &ast.Ident{NamePos: st.Field.NamePos, Name: st.Field.Name}}
		}
	}
	return base
}

// mappedRead replaces a read of a mapped variable by a fresh name and records the read;
// nil if x is not such a read. The read's indices are copied first, so reads inside them
// happen before it.
func (g *gen) mappedRead(b *body, c *copier, rd *reads, x ast.Expr) ast.Expr {
	root, steps := splitChain(x)
	id, ok := root.(*ast.Ident)
	if !ok {
		return nil
	}
	t := b.refs[g.info.Use(id)]
	if t == nil || t.macro == nil || len(steps) < t.depth {
		return nil
	}
	for _, st := range steps[:t.depth] {
		if _, ok := st.(*ast.FuncApp); !ok {
			return nil
		}
	}
	access := applySteps(c, t.base(id), steps[:t.depth])
	name := g.names.Fresh("yielded_" + t.name)
	rd.list = append(rd.list, &mread{t: t, access: access, name: name})
	return applySteps(c, ident(id, name), steps[t.depth:])
}

// sections expands the critical sections of a flattened body.
func (g *gen) sections(b *body, blk *ast.Block) []ast.Stmt {
	if blk == nil {
		return nil
	}
	var out []ast.Stmt
	for _, s := range blk.Stmts {
		l, ok := s.(*ast.LabeledStmt)
		if !ok {
			g.errorf(s.Pos(), check.ConsistencyCheckFailed, "internal error: unlabeled statement at the top level of a flattened body")
			continue
		}
		out = append(out, &ast.LabeledStmt{Label: ident(l.Label, l.Label.Name), Colon: l.Colon, Modifier: l.Modifier, Stmts: g.stmts(b, l.Stmts)})
	}
	return out
}

func (g *gen) stmts(b *body, list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, s := range list {
		out = append(out, g.stmt(b, s)...)
	}
	return out
}

func (g *gen) block(b *body, blk *ast.Block) *ast.Block {
	if blk == nil {
		return nil
	}
	return &ast.Block{Lbrace: blk.Lbrace, Stmts: g.stmts(b, blk.Stmts), Rbrace: blk.Rbrace, EndPos: blk.EndPos}
}

// stmt expands one statement: names substituted, mapped reads hoisted around it, mapped
// writes replaced by the write body, MPCal calls specialised.
func (g *gen) stmt(b *body, s ast.Stmt) []ast.Stmt {
	rd := &reads{}
	c := g.copier(b, rd)
	var core []ast.Stmt
	switch s := s.(type) {
	case *ast.AssignStmt:
		core = g.assign(b, c, s)
	case *ast.IfStmt:
		cond := c.expr(s.Cond)
		core = []ast.Stmt{&ast.IfStmt{If: s.If, Cond: cond, Then: g.block(b, s.Then), Else: g.block(b, s.Else), EndPos: s.EndPos}}
	case *ast.EitherStmt:
		n := &ast.EitherStmt{Either: s.Either, EndPos: s.EndPos}
		for _, br := range s.Branches {
			n.Branches = append(n.Branches, g.block(b, br))
		}
		core = []ast.Stmt{n}
	case *ast.WithStmt:
		return g.with(b, s, 0)
	case *ast.AwaitStmt:
		core = []ast.Stmt{&ast.AwaitStmt{Keyword: s.Keyword, When: s.When, Cond: c.expr(s.Cond)}}
	case *ast.PrintStmt:
		core = []ast.Stmt{&ast.PrintStmt{Print: s.Print, X: c.expr(s.X)}}
	case *ast.AssertStmt:
		core = []ast.Stmt{&ast.AssertStmt{Assert: s.Assert, Cond: c.expr(s.Cond)}}
	case *ast.SkipStmt:
		core = []ast.Stmt{&ast.SkipStmt{Skip: s.Skip}}
	case *ast.ReturnStmt:
		core = []ast.Stmt{&ast.ReturnStmt{Return: s.Return}}
	case *ast.GotoStmt:
		core = []ast.Stmt{&ast.GotoStmt{Goto: s.Goto, Label: ident(s.Label, s.Label.Name)}}
	case *ast.CallStmt:
		core = g.call(b, c, s)
	case *ast.Block:
		return g.stmts(b, s.Stmts)
	case *ast.LabeledStmt:
		return []ast.Stmt{&ast.LabeledStmt{Label: ident(s.Label, s.Label.Name), Colon: s.Colon, Modifier: s.Modifier, Stmts: g.stmts(b, s.Stmts)}}
	default:
		g.errorf(s.Pos(), check.ConsistencyCheckFailed, "internal error: unexpected %T after normalization", s)
		return nil
	}
	return g.wrapReads(b, rd.list, core)
}

// with expands the declarations of a with one at a time, so that the mapped reads of a
// declaration happen after the earlier bindings (mpcal.md §6.4).
func (g *gen) with(b *body, s *ast.WithStmt, i int) []ast.Stmt {
	if i == len(s.Decls) {
		if s.Body == nil {
			return nil
		}
		return g.stmts(b, s.Body.Stmts)
	}
	d := s.Decls[i]
	rd := &reads{}
	c := g.copier(b, rd)
	init := c.expr(d.Init)
	nd := &ast.VarDecl{Name: c.rename(d.Name), Kind: d.Kind, Init: init}
	w := &ast.WithStmt{With: s.With, Decls: []*ast.VarDecl{nd}, Body: &ast.Block{Lbrace: s.With, Stmts: g.with(b, s, i+1)}, EndPos: s.EndPos}
	return g.wrapReads(b, rd.list, []ast.Stmt{w})
}

// assign expands an assignment; after parallel-assignment desugaring each has one pair.
func (g *gen) assign(b *body, c *copier, s *ast.AssignStmt) []ast.Stmt {
	var out []ast.Stmt
	for _, p := range s.Pairs {
		root, steps := splitChain(p.Lhs)
		id, _ := root.(*ast.Ident)
		var t *target
		if id != nil {
			t = b.refs[g.info.Use(id)]
		}
		if t != nil && t.macro != nil && len(steps) >= t.depth {
			access := applySteps(c, t.base(id), steps[:t.depth])
			extra := applySteps(c, nil, steps[t.depth:])
			rhs := c.expr(p.Rhs)
			if len(steps) > t.depth {
				// deeper than the mapping (a ref passed on with more [_]): update the
				// underlying value at the remaining path
				rhs = &ast.ExceptExpr{Lbrack: p.Assign, Func: (&copier{}).expr(access), Rbrack: p.Assign,
					Updates: []*ast.ExceptUpdate{{Bang: p.Assign, Path: exceptPath(extra), Value: rhs}}}
			}
			out = append(out, g.writeVia(b, t, access, rhs, p.Lhs)...)
			continue
		}
		var nroot ast.Expr
		switch {
		case id == nil:
			nroot = c.expr(root)
		case t != nil:
			nroot = t.base(id)
		default:
			if v := b.vars[g.info.Use(id)]; v != nil {
				nroot = v.base(id)
			} else {
				nroot = ident(id, id.Name)
			}
		}
		lhs := applySteps(c, nroot, steps)
		rhs := c.expr(p.Rhs)
		out = append(out, &ast.AssignStmt{Pairs: []*ast.AssignPair{{Lhs: lhs, Assign: p.Assign, Rhs: rhs}}})
	}
	return out
}

// exceptPath turns an access chain built on a nil base into EXCEPT path steps; a field
// .f becomes the string index ["f"] (mpcal.md §2.3).
func exceptPath(chain ast.Expr) []*ast.ExceptPath {
	_, steps := splitChain(chain)
	var out []*ast.ExceptPath
	for _, st := range steps {
		switch st := st.(type) {
		case *ast.FuncApp:
			out = append(out, &ast.ExceptPath{Start: st.Lbrack, Args: st.Args, Rbrack: st.Rbrack})
		case *ast.FieldAccess:
			out = append(out, &ast.ExceptPath{Start: st.Field.NamePos, Args: []ast.Expr{&ast.StringLit{ValuePos: st.Field.NamePos, EndPos: st.Field.End(), Value: st.Field.Name}}, Rbrack: st.Field.End()})
		}
	}
	return out
}

// writeVia expands a write of rhs to a mapped variable: with (value = rhs) { writeBody }.
func (g *gen) writeVia(b *body, t *target, access, rhs ast.Expr, pos ast.Node) []ast.Stmt {
	name := g.names.Fresh("value")
	m := &macroInst{g: g, b: b, access: access, value: name}
	m.yield = func(e ast.Expr) []ast.Stmt {
		return []ast.Stmt{&ast.AssignStmt{Pairs: []*ast.AssignPair{{Lhs: (&copier{}).expr(access), Assign: e.Pos(), Rhs: e}}}}
	}
	body := m.block(t.macro.Write)
	return []ast.Stmt{&ast.WithStmt{With: pos.Pos(), Decls: []*ast.VarDecl{{Name: ident(pos, name), Kind: ast.DeclEq, Init: rhs}},
		Body: &ast.Block{Lbrace: pos.Pos(), Stmts: body}}}
}

// wrapReads wraps core in the read bodies of its mapped reads, the first read outermost;
// each yield binds the read's name around (a copy of) what follows.
func (g *gen) wrapReads(b *body, list []*mread, core []ast.Stmt) []ast.Stmt {
	stmts := core
	for i := len(list) - 1; i >= 0; i-- {
		r := list[i]
		inner := stmts
		used := false
		m := &macroInst{g: g, b: b, access: r.access}
		m.yield = func(e ast.Expr) []ast.Stmt {
			body := inner
			if used {
				body = cloneStmts(inner)
			}
			used = true
			return []ast.Stmt{&ast.WithStmt{With: e.Pos(), Decls: []*ast.VarDecl{{Name: ident(e, r.name), Kind: ast.DeclEq, Init: e}},
				Body: &ast.Block{Lbrace: e.Pos(), Stmts: body}}}
		}
		stmts = m.block(r.t.macro.Read)
	}
	return stmts
}

func cloneStmts(list []ast.Stmt) []ast.Stmt {
	out := make([]ast.Stmt, 0, len(list))
	for _, s := range list {
		if c := normalize.CloneStmt(s); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// call expands a call: an MPCal procedure is specialised for the targets of its ref
// arguments and called with its value arguments only (mpcal.md §6.5).
func (g *gen) call(b *body, c *copier, s *ast.CallStmt) []ast.Stmt {
	var p *ast.Procedure
	if sym := g.info.Use(s.Proc); sym != nil {
		p, _ = sym.Decl.(*ast.Procedure)
	}
	if p == nil || !p.MPCal {
		return []ast.Stmt{&ast.CallStmt{Call: s.Call, Proc: ident(s.Proc, s.Proc.Name), Args: c.exprs(s.Args), Rparen: s.Rparen}}
	}
	if len(s.Args) != len(p.Params) {
		g.errorf(s.Pos(), check.PClArityMismatch, "procedure %s takes %d arguments, called with %d", p.Name.Name, len(p.Params), len(s.Args))
		return nil
	}
	key := []string{p.Name.Name}
	refs := map[int]*target{}
	var args []ast.Expr
	for i, prm := range p.Params {
		if r, ok := s.Args[i].(*ast.RefArg); ok && prm.IsRef() {
			t := g.refTarget(b, r)
			refs[i] = t
			key = append(key, t.key())
			continue
		}
		key = append(key, "value")
		args = append(args, c.expr(s.Args[i]))
	}
	name := g.specialise(p, strings.Join(key, "|"), refs)
	return []ast.Stmt{&ast.CallStmt{Call: s.Call, Proc: ident(s.Proc, name), Args: args, Rparen: s.Rparen}}
}

// refTarget resolves a ref argument in b.
func (g *gen) refTarget(b *body, r *ast.RefArg) *target {
	sym := g.info.Use(r.Name)
	if t := b.refs[sym]; t != nil {
		return t
	}
	if t := b.vars[sym]; t != nil {
		return t
	}
	return &target{name: r.Name.Name}
}

// specialise returns the PlusCal procedure for one signature of an MPCal procedure,
// generating it the first time (a recursive call with the same signature reuses it).
func (g *gen) specialise(p *ast.Procedure, key string, refs map[int]*target) string {
	if n, ok := g.specs[key]; ok {
		return n
	}
	name := g.names.Fresh(p.Name.Name)
	g.taken[name] = true
	g.specs[key] = name
	if len(g.specs) > maxProcedures {
		g.errorf(p.Pos(), check.ConsistencyCheckFailed, "too many specialisations of MPCal procedures (more than %d)", maxProcedures)
		return name
	}
	b := newBody()
	var params []*ast.Param
	var vars []string
	for i, prm := range p.Params {
		sym := g.info.Symbol(prm.Name)
		if t, ok := refs[i]; ok {
			b.refs[sym] = t
			continue
		}
		n := g.varName(prm.Name.Name)
		if prm.IsRef() {
			// a ref parameter given an expression: a value parameter holds it
			b.refs[sym] = &target{name: n}
		} else {
			b.vars[sym] = &target{name: n}
		}
		params = append(params, &ast.Param{Name: ident(prm.Name, n), EndPos: prm.End()})
		vars = append(vars, n)
	}
	for _, l := range p.Locals {
		n := g.varName(l.Name.Name)
		b.vars[g.info.Symbol(l.Name)] = &target{name: n}
		vars = append(vars, n)
	}
	var locals []*ast.VarDecl
	var inits []ast.Stmt
	c := g.copier(b, nil)
	for _, l := range p.Locals {
		n := b.vars[g.info.Symbol(l.Name)].name
		if !g.mentionsState(b, l.Init) {
			locals = append(locals, &ast.VarDecl{Name: ident(l.Name, n), Kind: l.Kind, Init: c.expr(l.Init)})
			continue
		}
		// The translation evaluates a local's initialiser without the [self] of the
		// parameters it reads; assign it at the start of the body instead, which no one
		// can tell apart (procedure variables are private to the process).
		locals = append(locals, &ast.VarDecl{Name: ident(l.Name, n)})
		rd := &reads{}
		rc := g.copier(b, rd)
		init := &ast.AssignStmt{Pairs: []*ast.AssignPair{{Lhs: ident(l.Name, n), Assign: l.Name.Pos(), Rhs: rc.expr(l.Init)}}}
		inits = append(inits, g.wrapReads(b, rd.list, []ast.Stmt{init})...)
	}
	g.procVars[name] = vars
	out := &ast.Procedure{Procedure: p.Procedure, Name: ident(p.Name, name), Params: params, Locals: locals}
	secs := g.sections(b, p.Body)
	if len(inits) > 0 && len(secs) > 0 {
		if first, ok := secs[0].(*ast.LabeledStmt); ok {
			first.Stmts = append(inits, first.Stmts...)
		}
	}
	out.Body = &ast.Block{Lbrace: p.Body.Pos(), Stmts: secs}
	g.procs = append(g.procs, out)
	return name
}

// byRef returns the symbols a body passes as ref arguments.
func (g *gen) byRef(blk *ast.Block) map[*check.Symbol]bool {
	set := map[*check.Symbol]bool{}
	if blk == nil {
		return set
	}
	ast.Inspect(blk, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallStmt); ok {
			for _, a := range c.Args {
				if r, ok := a.(*ast.RefArg); ok {
					if sym := g.info.Use(r.Name); sym != nil {
						set[sym] = true
					}
				}
			}
		}
		_, isExpr := n.(ast.Expr)
		return !isExpr
	})
	return set
}

// locals declares the local variables of a process being generated. A local that the body
// passes by ref to an MPCal procedure becomes a global variable instead (indexed by the
// process identity in a process set), because PlusCal procedures cannot assign the
// variables of processes; its initialiser then uses the initial values of the locals it
// mentions.
type locals struct {
	g      *gen
	b      *body
	ident  *ast.VarDecl // the process identity (N = e or N \in S)
	byRef  map[*check.Symbol]bool
	decls  []*ast.VarDecl
	initOf map[*check.Symbol]ast.Expr
	own    map[*check.Symbol]bool // ref parameters held by a local of this process
}

func (l *locals) declare(sym *check.Symbol, name *ast.Ident, kind ast.DeclKind, init ast.Expr) *target {
	g := l.g
	n := g.varName(name.Name)
	t := &target{name: n}
	global := l.byRef[sym]
	set := l.ident.Kind == ast.DeclIn
	// An initialiser that reads an earlier local: in a process set the translation
	// evaluates it without [self], and a global is initialised before any process local,
	// so the earlier local's initial value is used instead (or name[self] when it has no
	// single initial value).
	c := g.copier(l.b, nil)
	use := c.use
	c.use = func(id *ast.Ident) ast.Expr {
		s := g.info.Use(id)
		if set || global {
			if x, ok := l.initOf[s]; ok {
				return (&copier{}).expr(x)
			}
		}
		if v := l.b.vars[s]; v != nil && set && !v.indexed {
			return (&target{name: v.name, indexed: true}).base(id)
		}
		if v := l.b.refs[s]; v != nil && set && !v.indexed && l.own[s] {
			return (&target{name: v.name, indexed: true}).base(id)
		}
		return use(id)
	}
	out := c.expr(init)
	if kind == ast.DeclEq && out != nil {
		l.initOf[sym] = out
	}
	if !global {
		l.decls = append(l.decls, &ast.VarDecl{Name: ident(name, n), Kind: kind, Init: out})
		return t
	}
	if set {
		t.indexed = true
		ids := (&copier{}).expr(l.ident.Init)
		bound := func() []*ast.Bound {
			return []*ast.Bound{{Names: []*ast.Ident{ident(name, "self")}, In: name.NamePos, Set: ids}}
		}
		switch kind {
		case ast.DeclIn:
			out = &ast.FuncSet{Lbrack: name.NamePos, Dom: ids, Range: out, Rbrack: name.NamePos}
		case ast.DeclPlain:
			kind, out = ast.DeclEq, &ast.FuncConstr{Lbrack: name.NamePos, Bounds: bound(), Body: ident(name, "defaultInitValue"), Rbrack: name.NamePos}
		default:
			out = &ast.FuncConstr{Lbrack: name.NamePos, Bounds: bound(), Body: out, Rbrack: name.NamePos}
		}
	}
	g.globals = append(g.globals, &ast.VarDecl{Name: ident(name, n), Kind: kind, Init: out})
	return t
}

// instance turns an instance into a process (mpcal.md §6.3).
func (g *gen) instance(in *ast.InstanceDecl) *ast.Process {
	var ar *ast.Archetype
	if sym := g.info.Use(in.Archetype); sym != nil {
		ar, _ = sym.Decl.(*ast.Archetype)
	}
	if ar == nil || len(in.Args) != len(ar.Params) {
		g.errorf(in.Pos(), check.ArchetypeLookupError, "cannot instantiate archetype %s", in.Archetype.Name)
		return nil
	}
	b := newBody()
	if in.Process.Kind == ast.DeclEq {
		// the translator writes the identity for self only in the labels' guards, not for a
		// self in the text, so a single process uses the identity itself
		b.self = in.Process.Init
	}
	b.selfSym = g.info.Symbol(in.Process.Name)
	mapped := map[int]*ast.Mapping{}
	for _, mp := range in.Mappings {
		if t := g.info.Mappings[mp]; t != nil && t.Arg >= 0 && t.Macro != nil {
			mapped[t.Arg] = mp
		}
	}
	ls := &locals{g: g, b: b, ident: in.Process, byRef: g.byRef(ar.Body), initOf: map[*check.Symbol]ast.Expr{}, own: map[*check.Symbol]bool{}}
	for i, prm := range ar.Params {
		sym := g.info.Symbol(prm.Name)
		var macro *ast.MappingMacro
		depth := 0
		if mp := mapped[i]; mp != nil {
			macro, depth = g.info.Mappings[mp].Macro, mp.Depth
		}
		if r, ok := in.Args[i].(*ast.RefArg); ok {
			b.refs[sym] = &target{name: r.Name.Name, macro: macro, depth: depth}
			continue
		}
		// parameter locals come first, so that the archetype's locals can use them
		t := ls.declare(sym, prm.Name, ast.DeclEq, in.Args[i])
		if prm.IsRef() {
			t.macro, t.depth = macro, depth
			b.refs[sym] = t
			ls.own[sym] = true
		} else {
			b.vars[sym] = t
		}
	}
	for _, l := range ar.Locals {
		sym := g.info.Symbol(l.Name)
		b.vars[sym] = ls.declare(sym, l.Name, l.Kind, l.Init)
	}
	return &ast.Process{Start: in.Start, Fairness: in.Fairness,
		Ident:  &ast.VarDecl{Name: ident(in.Process.Name, in.Process.Name.Name), Kind: in.Process.Kind, Init: (&copier{}).expr(in.Process.Init)},
		Locals: ls.decls, Body: &ast.Block{Lbrace: ar.Body.Pos(), Stmts: g.sections(b, ar.Body)}}
}

// process copies a PlusCal process, expanding its MPCal calls.
func (g *gen) process(pr *ast.Process) *ast.Process {
	b := newBody()
	c := g.copier(b, nil)
	out := &ast.Process{Start: pr.Start, Fairness: pr.Fairness,
		Ident: &ast.VarDecl{Name: ident(pr.Ident.Name, pr.Ident.Name.Name), Kind: pr.Ident.Kind, Init: c.expr(pr.Ident.Init)}}
	byRef := g.byRef(pr.Body)
	ls := &locals{g: g, b: b, ident: pr.Ident, byRef: byRef, initOf: map[*check.Symbol]ast.Expr{}, own: map[*check.Symbol]bool{}}
	for _, l := range pr.Locals {
		sym := g.info.Symbol(l.Name)
		if !byRef[sym] {
			out.Locals = append(out.Locals, &ast.VarDecl{Name: ident(l.Name, l.Name.Name), Kind: l.Kind, Init: c.expr(l.Init)})
			continue
		}
		// the name is the user's: free it for declare
		delete(g.taken, l.Name.Name)
		b.vars[sym] = ls.declare(sym, l.Name, l.Kind, l.Init)
	}
	out.Body = &ast.Block{Lbrace: pr.Body.Pos(), Stmts: g.sections(b, pr.Body)}
	return out
}

// procedure copies a PlusCal procedure, expanding its MPCal calls.
func (g *gen) procedure(p *ast.Procedure) *ast.Procedure {
	b := newBody()
	c := g.copier(b, nil)
	out := &ast.Procedure{Procedure: p.Procedure, Name: ident(p.Name, p.Name.Name)}
	var vars []string
	for _, prm := range p.Params {
		out.Params = append(out.Params, &ast.Param{Name: ident(prm.Name, prm.Name.Name), Default: c.expr(prm.Default), EndPos: prm.End()})
		vars = append(vars, prm.Name.Name)
	}
	for _, l := range p.Locals {
		out.Locals = append(out.Locals, &ast.VarDecl{Name: ident(l.Name, l.Name.Name), Kind: l.Kind, Init: c.expr(l.Init)})
		vars = append(vars, l.Name.Name)
	}
	g.procVars[p.Name.Name] = vars
	out.Body = &ast.Block{Lbrace: p.Body.Pos(), Stmts: g.sections(b, p.Body)}
	return out
}

// mentionsState reports whether x reads a parameter or local of b.
func (g *gen) mentionsState(b *body, x ast.Expr) bool {
	found := false
	if x == nil {
		return false
	}
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			sym := g.info.Use(id)
			if b.refs[sym] != nil || b.vars[sym] != nil {
				found = true
			}
		}
		return !found
	})
	return found
}
