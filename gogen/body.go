package gogen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/normalize"
)

// bodyGen compiles one Go function body that accesses resources: a critical section
// (mpcal.md §7.4) or a procedure's PreAmble.
type bodyGen struct {
	g     *gen
	u     *unit
	c     *exprComp
	owner string // archetype or procedure name: labels and section names are "<owner>.<label>"
	name  string // the section's name, prefix of its fairness counter ids
	// handles of the state variables the body mentions, in first-mention order
	handles map[*check.Symbol]*handle
	order   []*handle
	choice  map[ast.Node]int
	out     *strings.Builder
}

type handle struct {
	sym  *check.Symbol
	name string
	used bool
}

func (g *gen) newBody(u *unit, owner, name string) *bodyGen {
	c := g.newExpr(u)
	c.reads = map[ast.Expr]string{}
	return &bodyGen{g: g, u: u, c: c, owner: owner, name: name,
		handles: map[*check.Symbol]*handle{}, out: &strings.Builder{}}
}

func (b *bodyGen) emit(format string, args ...any) { fmt.Fprintf(b.out, format, args...) }

// prescan gives a handle to every state variable mentioned in nodes, in source order. A
// variable passed only as `ref x` needs none: the callee gets its name.
func (b *bodyGen) prescan(nodes ...ast.Node) {
	for _, n := range nodes {
		if n == nil {
			continue
		}
		ast.Inspect(n, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.RefArg:
				return false
			case *ast.Ident:
				if s := b.g.info.Uses[x]; isResource(s) && b.handles[s] == nil {
					h := &handle{sym: s, name: b.g.names.clean(s.Name)}
					b.handles[s] = h
					b.order = append(b.order, h)
				}
			}
			return true
		})
	}
}

// prologue declares the handles (call after compiling the statements).
func (b *bodyGen) prologue() string {
	var out strings.Builder
	for _, h := range b.order {
		res := quote(b.g.resourceName(h.sym))
		if h.sym.Ref {
			fmt.Fprintf(&out, "%s, err := iface.RequireArchetypeResourceRef(%s)\nif err != nil {\nreturn err\n}\n", h.name, res)
		} else {
			fmt.Fprintf(&out, "%s := iface.RequireArchetypeResource(%s)\n", h.name, res)
		}
		if !h.used {
			fmt.Fprintf(&out, "_ = %s\n", h.name)
		}
	}
	return out.String()
}

// chainStep is one index of f[a][b].g: an argument list or a field.
type chainStep struct {
	args  []ast.Expr
	field *ast.Ident
}

func splitChain(x ast.Expr) (ast.Expr, []chainStep) {
	var steps []chainStep
	for {
		switch y := x.(type) {
		case *ast.FuncApp:
			steps = append(steps, chainStep{args: y.Args})
			x = y.Func
			continue
		case *ast.FieldAccess:
			steps = append(steps, chainStep{field: y.Field})
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

// access reports whether x is one resource access: a local or parameter, or p[i1]...[ik] for
// a ref parameter p with mapping count k (mpcal.md §4.5).
func (b *bodyGen) access(x ast.Expr) (*handle, []chainStep, bool) {
	switch y := x.(type) {
	case *ast.Ident:
		s := b.g.info.Uses[y]
		if isResource(s) && !(s.Ref && s.Depth > 0) {
			return b.handles[s], nil, b.handles[s] != nil
		}
	case *ast.FuncApp, *ast.FieldAccess:
		root, steps := splitChain(x)
		id, ok := root.(*ast.Ident)
		if !ok {
			return nil, nil, false
		}
		s := b.g.info.Uses[id]
		if isResource(s) && s.Ref && s.Depth > 0 && len(steps) == s.Depth {
			return b.handles[s], steps, b.handles[s] != nil
		}
	}
	return nil, nil, false
}

// hoist performs, before the statement, every resource read of x, in evaluation order; the
// reads inside an access's indices come first (mpcal.md §5, §7.4).
func (b *bodyGen) hoist(x ast.Expr, base string) {
	if x == nil {
		return
	}
	ast.Inspect(x, func(n ast.Node) bool {
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		if _, done := b.c.reads[e]; done {
			return false
		}
		h, steps, ok := b.access(e)
		if !ok {
			return true
		}
		for _, st := range steps {
			for _, a := range st.args {
				b.hoist(a, "indexRead")
			}
		}
		t := b.g.names.clean(base)
		h.used = true
		b.emit("var %s tla.Value\n%s, err = iface.Read(%s, %s)\nif err != nil {\nreturn err\n}\n", t, t, h.name, b.indices(steps))
		b.c.reads[e] = t
		return false
	})
}

// indices compiles the index list of a Read or Write: nil, or []tla.Value{...}.
func (b *bodyGen) indices(steps []chainStep) string {
	if len(steps) == 0 {
		return "nil"
	}
	keys := make([]string, len(steps))
	for i, st := range steps {
		if st.field != nil {
			keys[i] = "tla.MakeString(" + quote(st.field.Name) + ")"
		} else {
			keys[i] = b.c.key(st.args)
		}
	}
	return list("[]tla.Value", keys)
}

func (b *bodyGen) stmts(list []ast.Stmt) {
	for i := 0; i < len(list); i++ {
		s := list[i]
		if call, ok := s.(*ast.CallStmt); ok {
			var next ast.Stmt
			if i+1 < len(list) {
				next = list[i+1]
			}
			b.call(call, next)
			i++
			continue
		}
		b.stmt(s)
	}
}

func (b *bodyGen) block(blk *ast.Block) {
	if blk != nil {
		b.stmts(blk.Stmts)
	}
}

func (b *bodyGen) stmt(s ast.Stmt) {
	g, c := b.g, b.c
	switch s := s.(type) {
	case *ast.Block:
		b.block(s)
	case *ast.AssignStmt:
		for _, p := range s.Pairs {
			b.assign(p)
		}
	case *ast.IfStmt:
		b.hoist(s.Cond, "condition")
		b.emit("if %s {\n", c.boolean(s.Cond).s)
		b.block(s.Then)
		if s.Else != nil {
			b.emit("} else {\n")
			b.block(s.Else)
		}
		b.emit("}\n")
	case *ast.EitherStmt:
		b.emit("switch iface.NextFairnessCounter(%s, %d) {\n", quote(b.choiceID(s)), len(s.Branches))
		for i, br := range s.Branches {
			b.emit("case %d:\n", i)
			b.block(br)
		}
		b.emit("default:\npanic(\"current branch of either matches no code paths!\")\n}\n")
	case *ast.WithStmt:
		b.with(s)
	case *ast.AwaitStmt:
		b.hoist(s.Cond, "condition")
		b.emit("if %s {\nreturn distsys.ErrCriticalSectionAborted\n}\n", notBool(c.boolean(s.Cond)).s)
	case *ast.AssertStmt:
		b.hoist(s.Cond, "condition")
		msg := "%w: " + strings.ReplaceAll(assertText(s.Cond), "%", "%%")
		b.emit("if %s {\nreturn fmt.Errorf(%s, distsys.ErrAssertionFailed)\n}\n", notBool(c.boolean(s.Cond)).s, quote(msg))
	case *ast.PrintStmt:
		b.hoist(s.X, "toPrint")
		b.emit("%s.PCalPrint()\n", c.value(s.X))
	case *ast.SkipStmt:
		b.emit("// skip\n")
	case *ast.GotoStmt:
		b.emit("return iface.Goto(%s)\n", quote(b.target(s)))
	case *ast.ReturnStmt:
		b.emit("return iface.Return()\n")
	case *ast.CallStmt:
		b.call(s, nil)
	default:
		b.u.unsupported(g, s.Pos(), "statement %T in a critical section", s)
	}
}

// target is the section name a goto jumps to.
func (b *bodyGen) target(s *ast.GotoStmt) string {
	if s.Label.Name == "Error" && b.g.procs[b.owner] == nil {
		b.u.unsupported(b.g, s.Pos(), "goto Error in an archetype (archetypes end at Done)")
	}
	return b.owner + "." + s.Label.Name
}

func (b *bodyGen) choiceID(n ast.Node) string {
	id, ok := b.choice[n]
	if !ok {
		b.u.internalf("no choice point number in %s", b.name)
	}
	return b.name + "." + strconv.Itoa(id)
}

// assign compiles lhs[i]...[j] := e as one Write.
func (b *bodyGen) assign(p *ast.AssignPair) {
	root, steps := splitChain(p.Lhs)
	id, ok := root.(*ast.Ident)
	var h *handle
	if ok {
		h = b.handles[b.g.info.Uses[id]]
	}
	if h == nil {
		b.u.unsupported(b.g, p.Pos(), "assignment to something that is not a state variable of this archetype or procedure")
		return
	}
	for _, st := range steps {
		for _, a := range st.args {
			b.hoist(a, "indexRead")
		}
	}
	b.hoist(p.Rhs, "exprRead")
	h.used = true
	b.emit("err = %s\nif err != nil {\nreturn err\n}\n", call("iface.Write", h.name, b.indices(steps), b.c.value(p.Rhs)))
}

// with compiles the bindings of a with statement, then its body; reads of each binding are
// performed just before it (mpcal.md §5).
func (b *bodyGen) with(s *ast.WithStmt) {
	var vars []*goVar
	for _, d := range s.Decls {
		b.hoist(d.Init, "exprRead")
		v := b.g.bind(d.Name)
		vars = append(vars, v)
		if d.Kind == ast.DeclIn {
			set := b.g.names.clean(v.name + "Read")
			b.emit("var %s = %s\nif %s.AsSet().Len() == 0 {\nreturn distsys.ErrCriticalSectionAborted\n}\n", set, b.c.value(d.Init), set)
			b.emit("var %s tla.Value = %s.SelectElement(iface.NextFairnessCounter(%s, uint(%s.AsSet().Len())))\n", v.name, set, quote(b.choiceID(d)), set)
			continue
		}
		b.emit("var %s tla.Value = %s\n", v.name, b.c.value(d.Init))
	}
	outer := b.out
	b.out = &strings.Builder{}
	b.block(s.Body)
	body := b.out.String()
	b.out = outer
	for _, v := range vars {
		if !v.used {
			b.emit("_ = %s\n", v.name)
		}
	}
	b.out.WriteString(body)
}

// call compiles call P(args) followed by goto L (iface.Call) or return (iface.TailCall).
func (b *bodyGen) call(s *ast.CallStmt, next ast.Stmt) {
	callee := b.g.procs[s.Proc.Name]
	if callee == nil {
		b.u.unsupported(b.g, s.Pos(), "call of %s, which is not an MPCal procedure", s.Proc.Name)
		return
	}
	for _, a := range s.Args {
		if _, ref := a.(*ast.RefArg); !ref {
			b.hoist(a, "resourceRead")
		}
	}
	args := make([]string, 0, len(s.Args))
	for i, a := range s.Args {
		if r, ok := a.(*ast.RefArg); ok {
			sym := b.g.info.Uses[r.Name]
			if !isResource(sym) {
				b.u.unsupported(b.g, r.Pos(), "ref %s does not name a state variable of this archetype or procedure", r.Name.Name)
				continue
			}
			if sym.Ref {
				// forward the pointer: the parameter's resource holds the target's name
				args = append(args, "iface.ReadArchetypeResourceLocal("+quote(b.g.resourceName(sym))+")")
			} else {
				args = append(args, "tla.MakeString("+quote(b.g.resourceName(sym))+")")
			}
			continue
		}
		v := b.c.value(a)
		if i < len(callee.Params) && callee.Params[i].IsRef() {
			// an expression passed to a ref parameter lives in a synthetic local
			name := b.owner + "." + callee.Name.Name + "." + callee.Params[i].Name.Name
			b.emit("iface.EnsureArchetypeResourceLocal(%s, %s)\n", quote(name), v)
			v = "tla.MakeString(" + quote(name) + ")"
		}
		args = append(args, v)
	}
	switch n := next.(type) {
	case *ast.GotoStmt:
		b.emit("return %s\n", call("iface.Call", append([]string{quote(callee.Name.Name), quote(b.target(n))}, args...)...))
	case *ast.ReturnStmt:
		b.emit("return %s\n", call("iface.TailCall", append([]string{quote(callee.Name.Name)}, args...)...))
	default:
		b.u.internalf("call of %s is not followed by goto or return", s.Proc.Name)
	}
}

// sectionCode is one entry of the jump table: a compiled critical section (its statements,
// unformatted) or a trailing section returning errName.
type sectionCode struct {
	name    string
	stmts   string
	errName string
}

// section compiles one critical section.
func (g *gen) section(u *unit, owner string, sec *ast.LabeledStmt) sectionCode {
	name := owner + "." + sec.Label.Name
	b := g.newBody(u, owner, name)
	b.choice = normalize.ChoicePoints(sec)
	b.prescan(sec)
	b.stmts(sec.Stmts)
	return sectionCode{name: name, stmts: "var err error\n_ = err\n" + b.prologue() + b.out.String()}
}

func sections(body *ast.Block) []*ast.LabeledStmt {
	var out []*ast.LabeledStmt
	if body != nil {
		for _, s := range body.Stmts {
			if l, ok := s.(*ast.LabeledStmt); ok {
				out = append(out, l)
			}
		}
	}
	return out
}

// procedure compiles an MPCal procedure: its MPCalProc entry and its sections.
func (g *gen) procedure(p *ast.Procedure) (string, []sectionCode, *unit) {
	u := &unit{}
	owner := p.Name.Name
	secs := sections(p.Body)
	var out []sectionCode
	for _, sec := range secs {
		out = append(out, g.section(u, owner, sec))
	}
	out = append(out, sectionCode{name: owner + ".Error", errName: "distsys.ErrProcedureFallthrough"})

	var vars []string
	for _, prm := range p.Params {
		vars = append(vars, quote(owner+"."+prm.Name.Name))
	}
	for _, l := range p.Locals {
		vars = append(vars, quote(owner+"."+l.Name.Name))
	}
	// The PreAmble initialises the locals inside the calling section: reads are hoisted as
	// in a section and an abort undoes them.
	b := g.newBody(u, owner, owner+".PreAmble")
	for _, l := range p.Locals {
		b.prescan(l.Init)
	}
	for _, l := range p.Locals {
		init := "tla.Value{}"
		if l.Init != nil {
			b.hoist(l.Init, "exprRead")
			init = b.c.value(l.Init)
			if l.Kind == ast.DeclIn {
				init += ".SelectElement(0)"
			}
		}
		b.emit("%s\n", call("iface.EnsureArchetypeResourceLocal", quote(owner+"."+l.Name.Name), init))
	}
	label := ""
	if len(secs) > 0 {
		label = owner + "." + secs[0].Label.Name
	}
	var e strings.Builder
	fmt.Fprintf(&e, "distsys.MPCalProc{\nName: %s,\nLabel: %s,\nStateVars: []string{%s},\nPreAmble: func(iface distsys.ArchetypeInterface) error {\n",
		quote(owner), quote(label), strings.Join(vars, ", "))
	if len(b.order) > 0 {
		e.WriteString("var err error\n_ = err\n")
		e.WriteString(b.prologue())
	}
	e.WriteString(b.out.String())
	e.WriteString("return nil\n},\n},")
	return e.String(), out, u
}

// archetype compiles an archetype: its sections and its MPCalArchetype value.
func (g *gen) archetype(a *ast.Archetype) (string, []sectionCode, *unit) {
	u := &unit{}
	owner := a.Name.Name
	secs := sections(a.Body)
	var out []sectionCode
	for _, sec := range secs {
		out = append(out, g.section(u, owner, sec))
	}
	out = append(out, sectionCode{name: owner + ".Done", errName: "distsys.ErrDone"})

	var refs, vals []string
	for _, p := range a.Params {
		if p.IsRef() {
			refs = append(refs, quote(owner+"."+p.Name.Name))
		} else {
			vals = append(vals, quote(owner+"."+p.Name.Name))
		}
	}
	// Locals are initialised before any section runs: parameters and earlier locals are
	// peeked at (mpcal.md §7.3).
	c := g.newExpr(u)
	c.peek = true
	var pre strings.Builder
	for _, l := range a.Locals {
		init := "tla.Value{}"
		if l.Init != nil {
			init = c.value(l.Init)
			if l.Kind == ast.DeclIn {
				init += ".SelectElement(0)"
			}
		}
		fmt.Fprintf(&pre, "%s\n", call("iface.EnsureArchetypeResourceLocal", quote(owner+"."+l.Name.Name), init))
	}
	label := ""
	if len(secs) > 0 {
		label = owner + "." + secs[0].Label.Name
	}
	var v strings.Builder
	fmt.Fprintf(&v, "var %s = distsys.MPCalArchetype{\nName: %s,\nLabel: %s,\nRequiredRefParams: []string{%s},\nRequiredValParams: []string{%s},\nJumpTable: jumpTable,\nProcTable: procTable,\nPreAmble: func(iface distsys.ArchetypeInterface) {\n%s},\n}\n",
		g.archVar[a], quote(owner), quote(label), strings.Join(refs, ", "), strings.Join(vals, ", "), pre.String())
	return v.String(), out, u
}

// compileDef compiles one top-level definition into a Go function (mpcal.md §7.2).
func (g *gen) compileDef(d *def) {
	c := g.newExpr(&d.u)
	switch n := d.node.(type) {
	case *ast.OpDef:
		params := []string{"iface distsys.ArchetypeInterface"}
		for _, p := range n.Params {
			params = append(params, g.bind(p.Name).name+" "+paramType(p.Arity))
		}
		body := c.value(n.Body)
		d.code = fmt.Sprintf("func %s(%s) tla.Value {\nreturn %s\n}\n", d.goName, strings.Join(params, ", "), body)
	case *ast.FuncDef:
		d.code = fmt.Sprintf("func %s(iface distsys.ArchetypeInterface) tla.Value {\n%s}\n", d.goName, c.funcDefBody(n))
	}
}
