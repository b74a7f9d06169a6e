package gogen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/token"
)

// gen holds the state of one compilation.
type gen struct {
	fset  *token.FileSet
	spec  *check.Spec
	alg   *ast.Algorithm
	info  *check.Info
	names *namer

	defs    []*def
	defOf   map[ast.Node]*def        // *ast.OpDef / *ast.FuncDef -> its definition
	vars    map[*check.Symbol]*goVar // Go names of parameters, bound names, LET and with names
	procs   map[string]*ast.Procedure
	archVar map[*ast.Archetype]string
}

// goVar is the Go name of a local TLA+ name; used tells whether generated code refers to it
// (Go rejects unused variables).
type goVar struct {
	name string
	used bool
	// call is set for names compiled to closures: zero-arity LET definitions and LET
	// function definitions are used as name().
	call bool
	// rec is set for a recursive function definition in scope: applying it calls the Go
	// closure name directly (building the whole function would recurse forever).
	rec *ast.FuncDef
}

// unit collects what compiling one definition, procedure or archetype produced besides
// code: unsupported constructs and the definitions it uses.
type unit struct {
	errs     check.ErrorList
	internal []string
	deps     []*def
}

// def is one top-level definition (module prefix or define block).
type def struct {
	node   ast.Unit // *ast.OpDef or *ast.FuncDef
	sym    *check.Symbol
	goName string
	code   string
	u      unit

	ok, reachable bool
}

func newGen(fset *token.FileSet, spec *check.Spec, alg *ast.Algorithm, info *check.Info) *gen {
	return &gen{fset: fset, spec: spec, alg: alg, info: info, names: newNamer(),
		defOf: map[ast.Node]*def{}, vars: map[*check.Symbol]*goVar{},
		procs: map[string]*ast.Procedure{}, archVar: map[*ast.Archetype]string{}}
}

func (u *unit) unsupported(g *gen, pos token.Pos, format string, args ...any) {
	e := &check.Error{Pos: pos, Kind: check.UnsupportedOperationError, Msg: fmt.Sprintf(format, args...)}
	if pos.IsValid() {
		e.Position = g.fset.Position(pos)
	}
	u.errs = append(u.errs, e)
}

func (u *unit) internalf(format string, args ...any) {
	u.internal = append(u.internal, fmt.Sprintf(format, args...))
}

func (u *unit) use(d *def) {
	for _, x := range u.deps {
		if x == d {
			return
		}
	}
	u.deps = append(u.deps, d)
}

// bind gives the local TLA+ name declared by id a fresh Go name.
func (g *gen) bind(id *ast.Ident) *goVar {
	v := &goVar{name: g.names.clean(id.Name)}
	if s := g.info.Symbol(id); s != nil {
		g.vars[s] = v
	}
	return v
}

// file generates the whole (unformatted) Go file.
func (g *gen) file(pkg, source string) ([]byte, check.ErrorList, error) {
	g.collectDefs()
	for _, p := range g.alg.MPCalProcedures {
		g.procs[p.Name.Name] = p
	}
	for _, a := range g.alg.Archetypes {
		g.archVar[a] = g.names.exported(a.Name.Name)
	}
	for _, d := range g.defs {
		g.compileDef(d)
	}
	var errs check.ErrorList
	var internal []string
	var procs, archs []string
	var sections []sectionCode
	var roots []*def
	addUnit := func(u *unit) {
		errs = append(errs, u.errs...)
		internal = append(internal, u.internal...)
		roots = append(roots, u.deps...)
	}
	for _, p := range g.alg.MPCalProcedures {
		entry, secs, u := g.procedure(p)
		addUnit(u)
		procs = append(procs, entry)
		sections = append(sections, secs...)
	}
	for _, a := range g.alg.Archetypes {
		value, secs, u := g.archetype(a)
		addUnit(u)
		archs = append(archs, value)
		sections = append(sections, secs...)
	}
	g.reach(roots)
	for _, d := range g.defs {
		if d.reachable {
			errs = append(errs, d.u.errs...)
			internal = append(internal, d.u.internal...)
		}
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	if len(internal) > 0 {
		return nil, nil, fmt.Errorf("%w: %s", ErrInternal, strings.Join(internal, "; "))
	}

	var defs []string
	for _, d := range g.defs {
		if d.ok {
			defs = append(defs, d.code)
		}
	}
	src, err := assemble(pkg, source, defs, procs, sections, archs)
	return src, nil, err
}

// collectDefs lists the operator and function definitions of the module prefix, then of the
// define block, and names them (mpcal.md §7.1).
func (g *gen) collectDefs() {
	add := func(units []ast.Unit) {
		for _, u := range units {
			var id *ast.Ident
			var name string
			switch u := u.(type) {
			case *ast.OpDef:
				id, name = u.Name, defGoName(u.Name.Name, u.Fix)
			case *ast.FuncDef:
				id, name = u.Name, u.Name.Name
			default:
				continue
			}
			d := &def{node: u, sym: g.info.Defs[id]}
			d.goName = g.names.exported(name)
			g.defs = append(g.defs, d)
			g.defOf[u] = d
		}
	}
	if g.spec.Module != nil {
		add(g.spec.Module.Units)
	}
	if g.alg.Define != nil {
		add(g.alg.Define.Units)
	}
}

// reach marks the definitions reachable from roots, and decides which definitions are
// emitted: those without unsupported constructs whose every dependency is emitted too
// (mpcal.md §7.1).
func (g *gen) reach(roots []*def) {
	var mark func(d *def)
	mark = func(d *def) {
		if d.reachable {
			return
		}
		d.reachable = true
		for _, x := range d.u.deps {
			mark(x)
		}
	}
	for _, d := range roots {
		mark(d)
	}
	// ok = no error of its own and every dependency ok; cycles (RECURSIVE) are fine unless
	// some member fails, so iterate to a fixpoint starting from "own body ok".
	for _, d := range g.defs {
		d.ok = len(d.u.errs) == 0 && len(d.u.internal) == 0
	}
	for changed := true; changed; {
		changed = false
		for _, d := range g.defs {
			if !d.ok {
				continue
			}
			for _, x := range d.u.deps {
				if !x.ok {
					d.ok, changed = false, true
					break
				}
			}
		}
	}
}

// resourceName is the runtime name of a state variable: "<Arch or Proc>.<name>".
func (g *gen) resourceName(s *check.Symbol) string {
	return ownerName(s.Owner) + "." + s.Name
}

func ownerName(n ast.Node) string {
	switch o := n.(type) {
	case *ast.Archetype:
		return o.Name.Name
	case *ast.Procedure:
		return o.Name.Name
	}
	return "?"
}

// isResource reports whether a symbol is a state variable of an archetype or MPCal procedure.
func isResource(s *check.Symbol) bool {
	if s == nil {
		return false
	}
	switch s.Kind {
	case check.ArchParam, check.ArchLocal, check.ProcParam, check.ProcLocal:
		return true
	}
	return false
}

func quote(s string) string { return strconv.Quote(s) }
