package modelcheck

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"

	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
	"github.com/mpgo/mpgo/modelcheck/cfg"
)

// model is a specification compiled against a configuration.
type model struct {
	fset       *token.FileSet
	modules    map[string]*ast.Module
	fileModule map[string]string
	rootAST    *ast.Module
	root       *modCtx
	vars       []string
	varIndex   map[string]int
	overrides  map[string]ref
	config     *cfg.Config
	strings    map[string]tla.Value
	posNode    map[token.Pos]ast.Node

	outMu sync.Mutex
	out   io.Writer

	initGen   step
	initFrame *frame
	actions   []*action
	nextFrame *frame

	invariants        []*pred
	constraints       []*pred
	actionConstraints []*pred
	actionProps       []*pred
	initProps         []*pred
	view              *pred
	alias             *pred
	perms             []map[uint64]tla.Value // symmetry: model value fingerprint -> image
	checkDeadlock     bool
	guardGroups       int
	// fairness are the temporal conjuncts of the specification (WF, SF);
	// liveProps the temporal conjuncts of the PROPERTIES, compiled into
	// live (nil when there are none or they are ignored).
	fairness  []conjunct
	liveProps []liveProp
	live      *liveness
}

// pred is a compiled predicate or value over a state (or a pair of states
// for action-level ones).
type pred struct {
	name string
	expr ast.Expr
	fn   evalFn
	fr   *frame
}

// eval evaluates p on top of the current stack (it may run while an action
// is being enumerated).
func (p *pred) eval(c *ctx) tla.Value {
	base := c.push(p.fr.size)
	saved := c.fp
	c.fp = base
	v := p.fn(c)
	c.fp, c.sp = saved, base
	return v
}

// print writes one line of Print/PrintT output.
func (m *model) print(s string) {
	m.outMu.Lock()
	defer m.outMu.Unlock()
	fmt.Fprintln(m.out, s)
}

// newModCtx builds the namespace of a module: its definitions and those of
// the modules it extends, its constants and variables.
func (m *model) newModCtx(am *ast.Module, root bool) *modCtx {
	mc := &modCtx{name: am.Name.Name, defs: map[string]*defn{}, consts: map[string]bool{},
		vars: map[string]bool{}, root: root, subst: map[string]*binding{}}
	seen := map[*ast.Module]bool{}
	var add func(a *ast.Module)
	add = func(a *ast.Module) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, ext := range a.Extends {
			if em := m.modules[ext.Name]; em != nil {
				add(em)
			}
		}
		recursive := map[string]bool{}
		for _, u := range a.Units {
			if r, ok := u.(*ast.Recursive); ok {
				for _, d := range r.Decls {
					recursive[d.Name.Name] = true
				}
			}
		}
		var insts []*ast.Instance
		for _, u := range a.Units {
			switch u := u.(type) {
			case *ast.ConstantDecl:
				for _, d := range u.Decls {
					mc.consts[defName(d.Name.Name, d.Fix)] = true
				}
			case *ast.VariableDecl:
				for _, n := range u.Names {
					mc.vars[n.Name] = true
					if root {
						if _, dup := m.varIndex[n.Name]; !dup {
							m.varIndex[n.Name] = len(m.vars)
							m.vars = append(m.vars, n.Name)
						}
					}
				}
			case *ast.OpDef:
				name := defName(u.Name.Name, u.Fix)
				mc.defs[name] = &defn{name: name, mod: mc, op: u, recursive: recursive[name], impure: -1}
			case *ast.FuncDef:
				mc.defs[u.Name.Name] = &defn{name: u.Name.Name, mod: mc, fn: u, recursive: mentions(u.Body, u.Name.Name), impure: -1}
			case *ast.ModuleDef:
				mc.defs[u.Name.Name] = &defn{name: u.Name.Name, mod: mc, md: u, impure: -1}
			case *ast.Instance:
				insts = append(insts, u)
			case *ast.Assume:
				mc.assumes = append(mc.assumes, u)
			}
		}
		for _, in := range insts {
			ie := &env{m: m, mod: mc, fr: &frame{}, at: -1}
			ic := m.instantiate(in, ie, false)
			for name, d := range ic.defs {
				if _, ok := mc.defs[name]; !ok {
					mc.defs[name] = d
				}
			}
			mc.assumes = append(mc.assumes, ic.assumes...)
		}
	}
	add(am)
	return mc
}

func defName(name string, fix token.Fixity) string {
	if fix == token.Infix || fix == token.Prefix || fix == token.Postfix {
		return token.Canonical(name, fix)
	}
	return name
}

// cfgValue converts a configuration value.
func cfgValue(v cfg.Value) (tla.Value, error) {
	switch v := v.(type) {
	case *cfg.Int:
		if v.Value > 1<<31-1 || v.Value < -(1<<31) {
			return tla.Value{}, fmt.Errorf("number %d out of range", v.Value)
		}
		return tla.MakeNumber(int32(v.Value)), nil
	case *cfg.String:
		return tla.MakeString(v.Value), nil
	case *cfg.Bool:
		return tla.MakeBool(v.Value), nil
	case *cfg.ModelValue:
		return tla.MakeModelValue(v.Name), nil
	case *cfg.Set:
		elems := make([]tla.Value, len(v.Elems))
		for i, e := range v.Elems {
			x, err := cfgValue(e)
			if err != nil {
				return tla.Value{}, err
			}
			elems[i] = x
		}
		return tla.MakeSet(elems...), nil
	}
	return tla.Value{}, fmt.Errorf("unsupported value %v", v)
}

func (m *model) cfgError(pos cfg.Pos, format string, args ...any) *Error {
	e := &Error{Kind: ErrConfig, Msg: fmt.Sprintf(format, args...)}
	if pos.IsValid() {
		e.Pos = token.Position{Filename: m.config.Filename, Line: pos.Line, Column: pos.Col}
	}
	return e
}

// build compiles the root module against the configuration.
func (m *model) build(opts *Options) error {
	m.varIndex = map[string]int{}
	m.overrides = map[string]ref{}
	m.root = m.newModCtx(m.rootAST, true)
	var err error
	if e := m.catchCompile(ErrParse, func() { err = m.buildConfig(opts) }); e != nil {
		return e
	}
	return err
}

func (m *model) rootEnv(fr *frame) *env {
	return &env{m: m, mod: m.root, fr: fr, at: -1}
}

// rootDef looks up a definition named in the configuration.
func (m *model) rootDef(n *cfg.Name, what string) (*defn, *Error) {
	r, ok := m.resolveIn(n.Name, m.root)
	if !ok || r.kind != rDef || r.d.op == nil {
		return nil, m.cfgError(n.Pos, "The %s %s is not defined in the specification", what, n.Name)
	}
	return r.d, nil
}

func (m *model) buildConfig(opts *Options) error {
	c := m.config
	// Constants and definition overrides.
	for _, k := range c.Constants {
		name := k.Name.Name
		if k.Module != nil {
			return m.cfgError(k.Name.Pos, "module-scoped assignment [%s] is not supported", k.Module.Name)
		}
		if len(k.Args) > 0 {
			return m.cfgError(k.Name.Pos, "assignments to operator constants with arguments are not supported")
		}
		if k.IsSubstitution() {
			r, ok := m.resolveIn(k.Def.Name, m.root)
			if !ok || r.kind == rVar {
				return m.cfgError(k.Def.Pos, "The operator %s substituted for %s is not defined", k.Def.Name, name)
			}
			m.overrides[name] = r
			continue
		}
		v, err := cfgValue(k.Value)
		if err != nil {
			return m.cfgError(k.Value.Pos(), "%v", err)
		}
		if _, isVar := m.varIndex[name]; isVar {
			return m.cfgError(k.Name.Pos, "%s is a variable and cannot be given a value", name)
		}
		m.overrides[name] = ref{kind: rConst, val: v}
	}
	for name := range m.root.consts {
		if _, ok := m.overrides[name]; !ok {
			return &Error{Kind: ErrConfig, Msg: fmt.Sprintf("The constant parameter %s is not assigned a value by the configuration file.", name)}
		}
	}

	// The behaviour specification.
	var initX, nextX []ast.Expr
	var initEnv, nextEnv *env
	switch {
	case c.Specification != nil:
		d, err := m.rootDef(c.Specification, "specification")
		if err != nil {
			return err
		}
		e := m.rootEnv(&frame{})
		var parts []conjunct
		m.conjuncts(d.op.Body, e, &parts)
		for _, p := range parts {
			if box, ok := boxAction(p.x); ok {
				nextX = append(nextX, box.Action)
				nextEnv = p.e
				continue
			}
			switch l := m.levelOf(p.x, p.e, nil); {
			case l <= lvlState:
				initX = append(initX, p.x)
				initEnv = p.e
			case l == lvlTemporal:
				m.fairness = append(m.fairness, p)
			default:
				return m.cfgError(c.Specification.Pos, "The specification %s has an action-level conjunct that is not [][A]_v", c.Specification.Name)
			}
		}
		if len(initX) == 0 || len(nextX) == 0 {
			return m.cfgError(c.Specification.Pos, "The specification %s must have the form Init /\\ [][Next]_vars (/\\ fairness)", c.Specification.Name)
		}
	case c.Init != nil && c.Next != nil:
		di, err := m.rootDef(c.Init, "initial predicate")
		if err != nil {
			return err
		}
		dn, err := m.rootDef(c.Next, "next-state relation")
		if err != nil {
			return err
		}
		initX = []ast.Expr{&ast.Ident{NamePos: di.op.Name.Pos(), Name: di.name}}
		nextX = []ast.Expr{&ast.Ident{NamePos: dn.op.Name.Pos(), Name: dn.name}}
		initEnv, nextEnv = m.rootEnv(nil), m.rootEnv(nil)
	default:
		return &Error{Kind: ErrConfig, Msg: "The configuration has neither SPECIFICATION nor INIT and NEXT"}
	}
	if len(nextX) > 1 {
		return m.cfgError(token0(c.Specification), "The specification has more than one [][Next]_vars conjunct")
	}

	// Init.
	m.initFrame = &frame{}
	ie := *initEnv
	ie.fr, ie.init = m.initFrame, true
	var initExpr ast.Expr
	if len(initX) == 1 {
		initExpr = initX[0]
	} else {
		initExpr = &ast.JunctionList{Kind: ast.Conj, Items: initX, Bullets: make([]token.Pos, len(initX))}
		for i, x := range initX {
			initExpr.(*ast.JunctionList).Bullets[i] = x.Pos()
		}
	}
	m.initGen = m.act(initExpr, &ie, emitStep)

	// Next: split into TLC's actions.
	m.nextFrame = &frame{}
	ne := *nextEnv
	ne.fr = m.nextFrame
	m.splitActions(nextX[0], &ne, splitCtx{name: "Next", mod: m.root.name}, &m.actions)
	for i, a := range m.actions {
		a.idx = i
	}
	m.groupGuards()

	// Invariants, constraints, properties.
	for _, n := range c.Invariants {
		p, err := m.statePred(&n, "invariant", lvlState)
		if err != nil {
			return err
		}
		m.invariants = append(m.invariants, p)
	}
	for _, n := range c.Constraints {
		p, err := m.statePred(&n, "constraint", lvlState)
		if err != nil {
			return err
		}
		m.constraints = append(m.constraints, p)
	}
	for _, n := range c.ActionConstraints {
		p, err := m.statePred(&n, "action constraint", lvlAction)
		if err != nil {
			return err
		}
		m.actionConstraints = append(m.actionConstraints, p)
	}
	for _, n := range c.Properties {
		if err := m.property(&n, opts); err != nil {
			return err
		}
	}
	if len(m.liveProps) > 0 {
		lv, err := m.buildLiveness()
		if err != nil {
			return err
		}
		m.live = lv
	}
	if c.View != nil {
		p, err := m.statePred(c.View, "view", lvlState)
		if err != nil {
			return err
		}
		m.view = p
	}
	if c.Alias != nil {
		p, err := m.statePred(c.Alias, "alias", lvlAction)
		if err != nil {
			return err
		}
		m.alias = p
	}
	if c.Symmetry != nil {
		if err := m.symmetry(c.Symmetry); err != nil {
			return err
		}
	}
	m.checkDeadlock = c.CheckDeadlock == nil || *c.CheckDeadlock
	if opts.NoDeadlock {
		m.checkDeadlock = false
	}
	return nil
}

func token0(n *cfg.Name) cfg.Pos {
	if n == nil {
		return cfg.Pos{}
	}
	return n.Pos
}

// conjunct is one conjunct of a specification or property, with the
// environment its definition is compiled in.
type conjunct struct {
	x ast.Expr
	e *env
}

// conjuncts flattens conjunctions, expanding zero-arity definitions.
func (m *model) conjuncts(x ast.Expr, e *env, out *[]conjunct) {
	switch y := x.(type) {
	case *ast.ParenExpr:
		m.conjuncts(y.X, e, out)
		return
	case *ast.JunctionList:
		if y.Kind == ast.Conj {
			for _, it := range y.Items {
				m.conjuncts(it, e, out)
			}
			return
		}
	case *ast.OpApp:
		if y.Fix == token.Infix && y.Symbol() == `/\` {
			for _, it := range y.Args {
				m.conjuncts(it, e, out)
			}
			return
		}
		if y.Fix == token.Named && len(y.Args) == 0 && len(y.Prefix) == 0 {
			if r, ok := m.resolve(y.Op.Name, e); ok && r.kind == rDef && r.d.op != nil && len(r.d.op.Params) == 0 {
				m.conjuncts(r.d.op.Body, &env{m: m, mod: r.d.mod, fr: e.fr, at: -1}, out)
				return
			}
		}
	case *ast.Ident:
		if r, ok := m.resolve(y.Name, e); ok && r.kind == rDef && r.d.op != nil && len(r.d.op.Params) == 0 {
			if m.defLevel(r.d) == lvlTemporal || isBoxOrConj(r.d.op.Body) {
				m.conjuncts(r.d.op.Body, &env{m: m, mod: r.d.mod, fr: e.fr, at: -1}, out)
				return
			}
		}
	}
	*out = append(*out, conjunct{x, e})
}

func isBoxOrConj(x ast.Expr) bool {
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	switch y := x.(type) {
	case *ast.JunctionList:
		return y.Kind == ast.Conj
	case *ast.OpApp:
		return y.Fix == token.Infix && y.Symbol() == `/\` || y.Fix == token.Prefix && y.Symbol() == "[]"
	}
	return false
}

// boxAction recognizes [][A]_v.
func boxAction(x ast.Expr) (*ast.SubscriptExpr, bool) {
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	op, ok := x.(*ast.OpApp)
	if !ok || op.Fix != token.Prefix || op.Symbol() != "[]" {
		return nil, false
	}
	arg := op.Args[0]
	for {
		p, ok := arg.(*ast.ParenExpr)
		if !ok {
			break
		}
		arg = p.X
	}
	s, ok := arg.(*ast.SubscriptExpr)
	if !ok || s.Kind != ast.BoxAction {
		return nil, false
	}
	return s, true
}

// statePred compiles a named zero-arity definition of at most level max.
func (m *model) statePred(n *cfg.Name, what string, maxLvl level) (*pred, error) {
	d, err := m.rootDef(n, what)
	if err != nil {
		return nil, err
	}
	if len(d.op.Params) > 0 {
		return nil, m.cfgError(n.Pos, "The %s %s must not take arguments", what, n.Name)
	}
	if l := m.defLevel(d); l > maxLvl {
		return nil, m.cfgError(n.Pos, "The %s %s is not a %s", what, n.Name, map[level]string{lvlState: "state predicate", lvlAction: "action"}[maxLvl])
	}
	fr := &frame{}
	p := &pred{name: n.Name, expr: d.op.Body, fr: fr}
	p.fn = m.expr(d.op.Body, &env{m: m, mod: d.mod, fr: fr, at: -1, opName: d.name}).fn
	return p, nil
}

// property classifies a PROPERTY: [][A]_v conjuncts are action
// properties, state predicates are checked on the initial states, the rest
// is temporal (checked on the state graph after the search, liveness.go,
// unless Options.IgnoreTemporal).
func (m *model) property(n *cfg.Name, opts *Options) error {
	d, err := m.rootDef(n, "property")
	if err != nil {
		return err
	}
	var parts []conjunct
	m.conjuncts(&ast.Ident{NamePos: d.op.Name.Pos(), Name: d.name}, m.rootEnv(&frame{}), &parts)
	var temporal []liveProp
	var preds []*pred
	var inits []*pred
	for _, p := range parts {
		if box, ok := boxAction(p.x); ok && m.levelOf(box.Action, p.e, nil) <= lvlAction && m.levelOf(box.Sub, p.e, nil) <= lvlState {
			fr := &frame{}
			pe := *p.e
			pe.fr = fr
			preds = append(preds, &pred{name: n.Name, expr: box, fr: fr, fn: m.expr(box, &pe).fn})
			continue
		}
		switch m.levelOf(p.x, p.e, nil) {
		case lvlConst, lvlState:
			fr := &frame{}
			pe := *p.e
			pe.fr = fr
			inits = append(inits, &pred{name: n.Name, expr: p.x, fr: fr, fn: m.expr(p.x, &pe).fn})
		default:
			temporal = append(temporal, liveProp{name: n.Name, c: p})
		}
	}
	if !opts.IgnoreTemporal {
		m.liveProps = append(m.liveProps, temporal...)
	}
	m.actionProps = append(m.actionProps, preds...)
	m.initProps = append(m.initProps, inits...)
	return nil
}

// symmetry evaluates the SYMMETRY definition: a set of permutations of
// model values.
func (m *model) symmetry(n *cfg.Name) error {
	d, err := m.rootDef(n, "symmetry")
	if err != nil {
		return err
	}
	var v tla.Value
	var evalErr error
	if e := m.catchCompile(ErrConfig, func() {
		fn := m.expr(d.op.Body, m.rootEnv(&frame{})).fn
		c := m.constCtx()
		func() {
			defer func() {
				if r := recover(); r != nil {
					evalErr = m.recovered(r, c.pos)
				}
			}()
			v = fn(c)
		}()
	}); e != nil {
		return e
	}
	if evalErr != nil {
		return evalErr
	}
	if !v.IsSet() {
		return m.cfgError(n.Pos, "The symmetry %s is not a set of permutations", n.Name)
	}
	for _, p := range v.SortedElements() {
		if !p.IsFunction() {
			return m.cfgError(n.Pos, "The symmetry %s contains %s, which is not a permutation", n.Name, p.TLCString())
		}
		mp := map[uint64]tla.Value{}
		identity := true
		for _, k := range p.SortedKeys() {
			img := p.ApplyFunction(k)
			if !k.IsModelValue() || !img.IsModelValue() {
				return m.cfgError(n.Pos, "The symmetry %s must permute model values", n.Name)
			}
			if !k.Equal(img) {
				identity = false
			}
			mp[k.Fingerprint()] = img
		}
		if !identity {
			m.perms = append(m.perms, mp)
		}
	}
	return nil
}

// moduleNameOf gives the module name for a file (TLC's "of module M").
func moduleNameOf(path string) string {
	return strings.TrimSuffix(filepath.Base(path), ".tla")
}

// groupGuards numbers the distinct v[k] of the actions' leading guards.
func (m *model) groupGuards() {
	type gk struct {
		v  int
		fp uint64
	}
	groups := map[gk][]*guard{}
	for _, a := range m.actions {
		g := a.guard
		if g == nil {
			continue
		}
		k := gk{g.varIdx, g.key.Fingerprint()}
		found := false
		for _, o := range groups[k] {
			if o.key.Equal(g.key) {
				g.group = o.group
				found = true
				break
			}
		}
		if !found {
			g.group = m.guardGroups
			m.guardGroups++
		}
		groups[k] = append(groups[k], g)
	}
}
