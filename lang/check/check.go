package check

import (
	"fmt"
	"runtime/debug"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/normalize"
	"github.com/mpgo/mpgo/lang/token"
)

// Config selects optional rules.
type Config struct {
	// NoMultipleWrites turns on the rule of mpcal.md §1.4/§4.4: a second assignment to the
	// same variable within one critical section is a MultipleAssignmentError.
	NoMultipleWrites bool
	// PCalGen adds the rules only pcalgen enforces (mpcal.md §1.2, §4.7): PCalTagsError,
	// MPCalEffectivelyNoProcesses and CommentBreakingStringError.
	PCalGen bool
}

// Result is what Check produces besides the diagnostics.
type Result struct {
	// Info resolves the names of the module prefix and of Expanded.
	Info *Info
	// Expanded is the algorithm after macro expansion (a copy; the input is not changed),
	// on which the checks of mpcal.md §4.2–§4.7 ran. Nil without an algorithm.
	Expanded *ast.Algorithm
	// Expansion holds the details of the macro expansion (call sites, free identifiers).
	Expansion *normalize.Expansion
	// Names is seeded with every identifier of the module and the algorithm and with the
	// names macro expansion generated; back ends draw their fresh names from it.
	Names *normalize.Namer
}

// context says where an expression is, which decides visibility and error kinds.
type context uint8

const (
	ctxModule   context = iota // module prefix: unknown names are parse errors
	ctxDefine                  // define block
	ctxGlobal                  // initialisers of global variables
	ctxMPCal                   // archetypes and MPCal procedures
	ctxMapping                 // mapping macro bodies
	ctxInstance                // instance declarations
	ctxPlusCal                 // plain PlusCal procedures, processes and uniprocess body
)

type checker struct {
	fset        *token.FileSet
	spec        *Spec
	cfg         Config
	resolveOnly bool

	errs        ErrorList
	info        *Info
	sc          *scope
	exportCache map[string][]*Symbol
	later       map[string]bool        // module-level names (for "used before its definition")
	nested      map[string]*ast.Module // modules nested in the spec's module
	depth       int

	alg *ast.Algorithm // the expanded algorithm
	exp *normalize.Expansion

	ctx          context
	body         *bodyCtx
	cur          ast.Stmt // statement being checked (for notes on expanded code)
	inInit       bool     // resolving an archetype local's initialiser
	mappingWrite bool     // inside the write body of a mapping macro
	multi        bool     // the algorithm has processes or instances (self exists)

	procs map[string]*ast.Procedure
	archs map[string]*ast.Archetype
	mms   map[string]*ast.MappingMacro
	syms  map[ast.Node]*Symbol // declaration (*ast.Param, *ast.VarDecl, ...) -> symbol
	bleed map[string][]*Symbol // PlusCal procedure and process variables by name
	named map[ast.Node]*Symbol // procedures, archetypes, mapping macros -> symbol
}

// Check runs the static checks of mpcal.md §3.3 and §4 on spec: name resolution of the
// module prefix and the algorithm, macro expansion, labeling rules, goto targets, calls,
// assignments, ref kinds and instance mappings. It never panics. The diagnostics are sorted
// by position.
func Check(fset *token.FileSet, spec *Spec, cfg Config) (*Result, ErrorList) {
	return run(fset, spec, cfg, nil)
}

// Resolve resolves the names of spec's module and of alg, an algorithm that was already
// macro-expanded (and possibly normalized, e.g. by normalize.Flatten and
// normalize.DesugarParallel), without the statement checks. The Info is keyed on alg's
// nodes; the errors are name errors only (none for the output of a successful Check and
// normalization).
func Resolve(fset *token.FileSet, spec *Spec, alg *ast.Algorithm) (*Info, ErrorList) {
	res, errs := run(fset, spec, Config{}, alg)
	return res.Info, errs
}

func run(fset *token.FileSet, spec *Spec, cfg Config, resolved *ast.Algorithm) (res *Result, errs ErrorList) {
	if spec == nil {
		spec = &Spec{}
	}
	if fset == nil {
		fset = token.NewFileSet()
	}
	c := &checker{fset: fset, spec: spec, cfg: cfg, resolveOnly: resolved != nil, info: newInfo(),
		sc: newScope(), exportCache: map[string][]*Symbol{}}
	res = &Result{Info: c.info}
	defer func() {
		if r := recover(); r != nil {
			// a checker bug: report it instead of crashing the tool
			c.errs = append(c.errs, &Error{Kind: ParseError, Msg: fmt.Sprintf("internal checker error: %v\n%s", r, debug.Stack())})
			c.errs.Sort()
			errs = c.errs
		}
	}()
	for _, op := range alwaysAvailable {
		c.sc.push(builtinSymbol(op, ""))
	}
	if spec.Module != nil {
		c.module(spec.Module)
	}
	alg := spec.Algorithm
	if resolved != nil {
		alg = resolved
	}
	res.Names = normalize.NewNamer()
	if spec.Module != nil {
		res.Names.ReserveTree(spec.Module)
	}
	if alg != nil {
		res.Names.ReserveTree(alg)
		if resolved != nil {
			c.exp = &normalize.Expansion{Algorithm: alg, Sites: map[ast.Stmt]*ast.MacroCall{},
				Free: map[*ast.Ident]*ast.MacroCall{}, Invalid: map[*ast.Ident]bool{}}
		} else {
			c.exp = normalize.ExpandMacros(alg, res.Names)
			for _, p := range c.exp.Problems {
				c.errorf(p.Pos, Kind(p.Kind), "%s", p.Msg)
			}
		}
		c.alg = c.exp.Algorithm
		res.Expanded, res.Expansion = c.alg, c.exp
		c.algorithm()
	}
	if cfg.PCalGen && resolved == nil {
		c.pcalgenRules()
	}
	c.errs.Sort()
	return res, c.errs
}

// errorf records a diagnostic; inside code that came from a macro expansion it names the
// call.
func (c *checker) errorf(pos token.Pos, kind Kind, format string, args ...any) {
	if c.resolveOnly && !nameKind(kind) {
		return
	}
	e := errorf(c.fset, pos, kind, format, args...)
	if c.cur != nil && c.exp != nil {
		if call := c.exp.Sites[c.cur]; call != nil {
			e.Msg += fmt.Sprintf(" (in the expansion of macro %s at %s)", call.Name.Name, c.where(pos, call.Pos()))
		}
	}
	c.errs = append(c.errs, e)
}

// nameKind reports the kinds of name-resolution errors, the only ones Resolve reports.
func nameKind(k Kind) bool {
	switch k {
	case ParseError, DefinitionLookupError, UnboundFreeVariableError, ArityMismatchError,
		ModuleNotFoundError, UnboundRecursiveDeclError, ProcedureLookupError, ArchetypeLookupError,
		MappingMacroLookupError, MappingLookupError, MappingIndexOutOfBounds, LabelNotDefinedError:
		return true
	}
	return false
}

// where renders the position of other for a message about pos: "line:col" within the same
// file, else "file:line:col".
func (c *checker) where(pos, other token.Pos) string {
	o := c.fset.Position(other)
	if c.fset.Position(pos).Filename == o.Filename {
		return fmt.Sprintf("%d:%d", o.Line, o.Column)
	}
	return o.String()
}

// symbol returns the symbol of a declaration, making it on first use.
func (c *checker) symbol(decl ast.Node, mk func() *Symbol) *Symbol {
	if s, ok := c.syms[decl]; ok {
		return s
	}
	s := mk()
	c.syms[decl] = s
	return s
}

func (c *checker) paramSym(p *ast.Param, kind SymbolKind, owner ast.Node) *Symbol {
	return c.symbol(p, func() *Symbol {
		return &Symbol{Kind: kind, Name: p.Name.Name, Decl: p, Owner: owner, Ref: p.IsRef(), Depth: p.Depth}
	})
}

func (c *checker) varSym(d *ast.VarDecl, kind SymbolKind, owner ast.Node) *Symbol {
	return c.symbol(d, func() *Symbol { return &Symbol{Kind: kind, Name: d.Name.Name, Decl: d, Owner: owner} })
}

// tables indexes procedures, archetypes and mapping macros and makes the symbols of the
// PlusCal variables that other PlusCal bodies may reach ("scope bleed").
func (c *checker) tables() {
	a := c.alg
	c.procs = map[string]*ast.Procedure{}
	c.archs = map[string]*ast.Archetype{}
	c.mms = map[string]*ast.MappingMacro{}
	c.syms = map[ast.Node]*Symbol{}
	c.bleed = map[string][]*Symbol{}
	c.named = map[ast.Node]*Symbol{}
	for _, list := range [][]*ast.Procedure{a.MPCalProcedures, a.Procedures} {
		for _, p := range list {
			if _, dup := c.procs[p.Name.Name]; !dup {
				c.procs[p.Name.Name] = p
			}
			c.named[p] = &Symbol{Kind: ProcedureName, Name: p.Name.Name, Decl: p, Arity: len(p.Params)}
		}
	}
	for _, ar := range a.Archetypes {
		if _, dup := c.archs[ar.Name.Name]; !dup {
			c.archs[ar.Name.Name] = ar
		}
		c.named[ar] = &Symbol{Kind: ArchetypeName, Name: ar.Name.Name, Decl: ar, Arity: len(ar.Params)}
	}
	for _, mm := range a.MappingMacros {
		if _, dup := c.mms[mm.Name.Name]; !dup {
			c.mms[mm.Name.Name] = mm
		}
		c.named[mm] = &Symbol{Kind: MappingMacroName, Name: mm.Name.Name, Decl: mm}
	}
	for _, p := range a.Procedures {
		for _, prm := range p.Params {
			s := c.paramSym(prm, ProcParam, p)
			c.bleed[s.Name] = append(c.bleed[s.Name], s)
		}
		for _, l := range p.Locals {
			s := c.varSym(l, ProcLocal, p)
			c.bleed[s.Name] = append(c.bleed[s.Name], s)
		}
	}
	for _, pr := range a.Processes {
		for _, l := range pr.Locals {
			s := c.varSym(l, ProcessLocal, pr)
			c.bleed[s.Name] = append(c.bleed[s.Name], s)
		}
	}
	c.multi = len(a.Processes) > 0 || len(a.Instances) > 0 || a.Kind == ast.MPCal
}

// algorithm checks the expanded algorithm (mpcal.md §4).
func (c *checker) algorithm() {
	a := c.alg
	c.tables()
	if !c.resolveOnly && c.spec.Algorithm != nil {
		c.declarations(c.spec.Algorithm)
	}
	plus := a.Kind == ast.PlusCal
	c.sc.push(&Symbol{Kind: Builtin, Name: "defaultInitValue", Module: "PlusCal"})
	if len(a.Instances) > 0 && a.Body != nil && !c.resolveOnly {
		c.errorf(a.Body.Pos(), UniprocessWithInstancesError, "an algorithm with instances cannot have a uniprocess body")
	}
	c.ctx = ctxDefine
	if plus {
		// PlusCal: the define block and everything after see the globals, pc and stack
		// (pluscal-translation.md §4)
		for _, v := range a.Vars {
			c.define(v.Name, c.varSym(v, GlobalVar, a))
		}
		c.sc.push(&Symbol{Kind: PlusCalVar, Name: "pc"})
		if len(a.Procedures) > 0 {
			c.sc.push(&Symbol{Kind: PlusCalVar, Name: "stack"})
		}
	}
	if a.Define != nil {
		pending := map[string]*Symbol{}
		for _, u := range a.Define.Units {
			c.unit(u, DefineDef, pending)
		}
		c.unboundRecursive(pending)
	}
	if plus {
		c.ctx = ctxGlobal
		for _, v := range a.Vars {
			c.expr(v.Init)
		}
	}
	for _, p := range a.MPCalProcedures {
		c.procedure(p, true)
	}
	for _, mm := range a.MappingMacros {
		c.mappingMacro(mm)
	}
	for _, ar := range a.Archetypes {
		c.archetype(ar)
	}
	if !plus {
		c.ctx = ctxGlobal
		for _, v := range a.Vars {
			c.expr(v.Init)
			c.define(v.Name, c.varSym(v, GlobalVar, a))
		}
	}
	for _, in := range a.Instances {
		c.instanceDecl(in)
	}
	for _, p := range a.Procedures {
		c.procedure(p, false)
	}
	for _, pr := range a.Processes {
		c.process(pr)
	}
	if a.Body != nil {
		c.ctx = ctxPlusCal
		c.checkBody(&bodyCtx{kind: bodyUniprocess, owner: a, name: a.Name.Name, auto: c.autoLabels()}, a.Body)
	}
}

// autoLabels reports whether the PlusCal translator labels the algorithm itself: a
// uniprocess algorithm without any label (pluscal-translation.md §12).
func (c *checker) autoLabels() bool {
	a := c.alg
	if a.Body == nil || len(a.Processes) > 0 {
		return false
	}
	if normalize.ContainsLabel(a.Body) {
		return false
	}
	for _, p := range a.Procedures {
		if normalize.ContainsLabel(p.Body) {
			return false
		}
	}
	return true
}

func (c *checker) params(params []*ast.Param, kind SymbolKind, owner ast.Node) {
	for _, p := range params {
		if p.Caret && !c.resolveOnly {
			c.errorf(p.Pos(), RefCaretParamError, "ref %s^ is not a valid parameter (write ref %s, or ref %s[_] for a mapped parameter)", p.Name.Name, p.Name.Name, p.Name.Name)
		}
		c.define(p.Name, c.paramSym(p, kind, owner))
	}
}

func (c *checker) archetype(ar *ast.Archetype) {
	m := c.sc.mark()
	c.ctx = ctxMPCal
	c.sc.push(&Symbol{Kind: Self, Name: "self", Owner: ar})
	c.params(ar.Params, ArchParam, ar)
	for _, l := range ar.Locals {
		c.inInit = true
		c.expr(l.Init)
		c.inInit = false
		c.define(l.Name, c.varSym(l, ArchLocal, ar))
	}
	c.checkBody(&bodyCtx{kind: bodyArchetype, owner: ar, name: ar.Name.Name}, ar.Body)
	c.sc.reset(m)
}

func (c *checker) procedure(p *ast.Procedure, mpcal bool) {
	m := c.sc.mark()
	kind := bodyPCalProc
	c.ctx = ctxPlusCal
	if mpcal {
		kind = bodyMPCalProc
		c.ctx = ctxMPCal
	}
	if c.multi || mpcal {
		c.sc.push(&Symbol{Kind: Self, Name: "self", Owner: p})
	}
	for _, prm := range p.Params {
		c.expr(prm.Default)
	}
	c.params(p.Params, ProcParam, p)
	for _, l := range p.Locals {
		c.expr(l.Init)
		c.define(l.Name, c.varSym(l, ProcLocal, p))
	}
	c.checkBody(&bodyCtx{kind: kind, owner: p, name: p.Name.Name}, p.Body)
	c.sc.reset(m)
}

func (c *checker) process(pr *ast.Process) {
	m := c.sc.mark()
	c.ctx = ctxPlusCal
	name := ""
	if pr.Ident != nil {
		c.expr(pr.Ident.Init)
		name = pr.Ident.Name.Name
	}
	c.sc.push(&Symbol{Kind: Self, Name: "self", Owner: pr})
	if pr.Ident != nil {
		c.define(pr.Ident.Name, c.varSym(pr.Ident, ProcessName, pr))
	}
	for _, l := range pr.Locals {
		c.expr(l.Init)
		c.define(l.Name, c.varSym(l, ProcessLocal, pr))
	}
	c.checkBody(&bodyCtx{kind: bodyProcess, owner: pr, name: name}, pr.Body)
	c.sc.reset(m)
}

func (c *checker) mappingMacro(mm *ast.MappingMacro) {
	m := c.sc.mark()
	c.ctx = ctxMapping
	c.sc.push(&Symbol{Kind: Self, Name: "self", Owner: mm})
	c.mappingWrite = false
	c.checkBody(&bodyCtx{kind: bodyMappingRead, owner: mm, name: mm.Name.Name}, mm.Read)
	c.mappingWrite = true
	c.checkBody(&bodyCtx{kind: bodyMappingWrite, owner: mm, name: mm.Name.Name}, mm.Write)
	c.mappingWrite = false
	c.sc.reset(m)
}
