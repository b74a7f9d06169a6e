package normalize

import (
	"fmt"
	"sort"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// Problem is an error found while expanding macros. Kind is one of the error kind names of
// mpcal.md §4.8 (MacroLookupError, ArgumentCountMismatchError, MacroExpandAssignmentLhsError,
// RecursiveMacroError, LabelForbiddenError, RefArgumentPlacementError); lang/check reports
// it under that kind.
type Problem struct {
	Pos  token.Pos
	Kind string
	Msg  string
}

// Expansion is the result of ExpandMacros.
type Expansion struct {
	// Algorithm is a copy of the input with every macro call replaced by the macro's body and
	// no macro definitions. Calls that could not be expanded (unknown or recursive macros)
	// remain as *ast.MacroCall statements.
	Algorithm *ast.Algorithm
	// Problems lists the errors found, in source order.
	Problems []*Problem
	// Sites maps every statement that came from a macro body to the call (in the input tree,
	// outside any macro) whose expansion produced it.
	Sites map[ast.Stmt]*ast.MacroCall
	// Free maps every free identifier of an expanded macro body (one bound neither by a
	// parameter nor inside the body) to the call it was expanded at; it resolves in the scope
	// of that call (mpcal.md §4.1).
	Free map[*ast.Ident]*ast.MacroCall
	// Invalid holds the identifiers that stand in for an argument that could not be
	// substituted (a MacroExpandAssignmentLhsError was reported for it).
	Invalid map[*ast.Ident]bool
}

// maxExpanded bounds the number of statements macro expansion may produce, so that
// exponentially nested macros cannot exhaust memory.
const maxExpanded = 200000

// ExpandMacros expands every macro call of alg in place (mpcal.md §4.1, §6.1 step 2a):
// parameters are replaced by the arguments, identifiers free in the body bind at the call
// site, `with` names of the body get fresh names from names, and expression binders of the
// body are renamed where they would capture a name of an argument. Macros called from macro
// bodies are expanded too; their free identifiers resolve first against the enclosing
// macro's parameters and `with` names. Labels inside macro bodies are errors and are
// dropped; recursive macros are reported and their calls left unexpanded.
func ExpandMacros(alg *ast.Algorithm, names *Namer) *Expansion {
	exp := &Expansion{Sites: map[ast.Stmt]*ast.MacroCall{}, Free: map[*ast.Ident]*ast.MacroCall{},
		Invalid: map[*ast.Ident]bool{}}
	if alg == nil {
		return exp
	}
	if names == nil {
		names = NewNamer()
		names.ReserveTree(alg)
	}
	x := &expander{macros: map[string]*ast.Macro{}, names: names, exp: exp, budget: maxExpanded}
	for _, m := range alg.Macros {
		if m == nil || m.Name == nil {
			continue
		}
		if _, dup := x.macros[m.Name.Name]; !dup {
			x.macros[m.Name.Name] = m
		}
		if m.Body != nil {
			ast.Inspect(m.Body, func(n ast.Node) bool {
				if l, ok := n.(*ast.LabeledStmt); ok {
					x.problem(l.Label.Pos(), "LabelForbiddenError", fmt.Sprintf("label %s inside macro %s (labels are not allowed in macros)", l.Label.Name, m.Name.Name))
				}
				return true
			})
		}
	}
	x.findRecursion(alg.Macros)

	out := *alg
	out.Macros = nil
	c := &copier{x: x, share: true}
	out.MPCalProcedures = x.procedures(c, alg.MPCalProcedures)
	out.Procedures = x.procedures(c, alg.Procedures)
	if alg.MappingMacros != nil {
		out.MappingMacros = make([]*ast.MappingMacro, len(alg.MappingMacros))
		for i, mm := range alg.MappingMacros {
			n := *mm
			n.Read, n.Write = c.block(mm.Read), c.block(mm.Write)
			out.MappingMacros[i] = &n
		}
	}
	if alg.Archetypes != nil {
		out.Archetypes = make([]*ast.Archetype, len(alg.Archetypes))
		for i, a := range alg.Archetypes {
			n := *a
			n.Body = c.block(a.Body)
			out.Archetypes[i] = &n
		}
	}
	if alg.Processes != nil {
		out.Processes = make([]*ast.Process, len(alg.Processes))
		for i, p := range alg.Processes {
			n := *p
			n.Body = c.block(p.Body)
			out.Processes[i] = &n
		}
	}
	out.Body = c.block(alg.Body)
	exp.Algorithm = &out
	sort.SliceStable(exp.Problems, func(i, j int) bool { return exp.Problems[i].Pos < exp.Problems[j].Pos })
	uniq := exp.Problems[:0]
	for i, p := range exp.Problems {
		if i > 0 && *p == *exp.Problems[i-1] {
			continue
		}
		uniq = append(uniq, p)
	}
	exp.Problems = uniq
	return exp
}

func (x *expander) procedures(c *copier, list []*ast.Procedure) []*ast.Procedure {
	if list == nil {
		return nil
	}
	out := make([]*ast.Procedure, len(list))
	for i, p := range list {
		n := *p
		n.Body = c.block(p.Body)
		out[i] = &n
	}
	return out
}

type expander struct {
	macros  map[string]*ast.Macro
	cyclic  map[string]bool
	names   *Namer
	exp     *Expansion
	budget  int
	overrun bool
	// seenCalls holds the calls inside macro bodies whose problems were reported already
	seenCalls map[*ast.MacroCall]bool
}

func (x *expander) problem(pos token.Pos, kind, msg string) {
	x.exp.Problems = append(x.exp.Problems, &Problem{Pos: pos, Kind: kind, Msg: msg})
}

// macroCalls lists the macro calls in a statement tree, in source order.
func macroCalls(n ast.Node) []*ast.MacroCall {
	var calls []*ast.MacroCall
	ast.Inspect(n, func(n ast.Node) bool {
		if c, ok := n.(*ast.MacroCall); ok {
			calls = append(calls, c)
		}
		return true
	})
	return calls
}

// findRecursion marks the macros on a call cycle (Tarjan's strongly connected components)
// and reports RecursiveMacroError once per cycle, at the first call within the cycle made by
// its first-declared macro.
func (x *expander) findRecursion(macros []*ast.Macro) {
	x.cyclic = map[string]bool{}
	var list []*ast.Macro
	index := map[string]int{}
	for _, m := range macros {
		if m == nil || m.Name == nil || x.macros[m.Name.Name] != m {
			continue
		}
		index[m.Name.Name] = len(list)
		list = append(list, m)
	}
	calls := make([][]*ast.MacroCall, len(list))
	for i, m := range list {
		if m.Body != nil {
			calls[i] = macroCalls(m.Body)
		}
	}
	// iterative Tarjan
	n := len(list)
	idx := make([]int, n)
	low := make([]int, n)
	on := make([]bool, n)
	for i := range idx {
		idx[i] = -1
	}
	var stack []int
	counter := 0
	comp := make([]int, n)
	ncomp := 0
	type frame struct{ v, next int }
	for root := 0; root < n; root++ {
		if idx[root] >= 0 {
			continue
		}
		work := []frame{{root, 0}}
		idx[root], low[root] = counter, counter
		counter++
		stack = append(stack, root)
		on[root] = true
		for len(work) > 0 {
			f := &work[len(work)-1]
			v := f.v
			if f.next < len(calls[v]) {
				c := calls[v][f.next]
				f.next++
				w, ok := index[c.Name.Name]
				if !ok {
					continue
				}
				if idx[w] < 0 {
					idx[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					on[w] = true
					work = append(work, frame{w, 0})
				} else if on[w] && idx[w] < low[v] {
					low[v] = idx[w]
				}
				continue
			}
			if low[v] == idx[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					on[w] = false
					comp[w] = ncomp
					if w == v {
						break
					}
				}
				ncomp++
			}
			work = work[:len(work)-1]
			if len(work) > 0 {
				p := work[len(work)-1].v
				if low[v] < low[p] {
					low[p] = low[v]
				}
			}
		}
	}
	size := make([]int, ncomp)
	for _, c := range comp {
		size[c]++
	}
	reported := map[int]bool{}
	for i, m := range list {
		self := false
		for _, c := range calls[i] {
			if c.Name.Name == m.Name.Name {
				self = true
			}
		}
		if size[comp[i]] < 2 && !self {
			continue
		}
		x.cyclic[m.Name.Name] = true
		if reported[comp[i]] {
			continue
		}
		for _, c := range calls[i] {
			if w, ok := index[c.Name.Name]; ok && comp[w] == comp[i] {
				reported[comp[i]] = true
				x.problem(c.Name.Pos(), "RecursiveMacroError", fmt.Sprintf("macro %s calls itself through %s (recursive macros cannot be expanded)", m.Name.Name, c.Name.Name))
				break
			}
		}
	}
}

// expandCall appends the expansion of call to out.
func (x *expander) expandCall(c *copier, out []ast.Stmt, call *ast.MacroCall) []ast.Stmt {
	keep := func() []ast.Stmt {
		return append(out, &ast.MacroCall{Name: c.ident(call.Name), Args: c.exprs(call.Args), Rparen: call.Rparen})
	}
	name := call.Name.Name
	m := x.macros[name]
	report := c.env == nil || !c.env.reported(call)
	switch {
	case m == nil:
		if report {
			x.problem(call.Name.Pos(), "MacroLookupError", fmt.Sprintf("unknown macro %s", name))
		}
		return keep()
	case x.cyclic[name]:
		return keep()
	case len(call.Args) != len(m.Params):
		if report {
			x.problem(call.Name.Pos(), "ArgumentCountMismatchError", fmt.Sprintf("macro %s takes %d arguments, called with %d", name, len(m.Params), len(call.Args)))
		}
		return keep()
	case x.overrun:
		return keep()
	}
	for _, a := range call.Args {
		if r, ok := a.(*ast.RefArg); ok && report {
			x.problem(r.Pos(), "RefArgumentPlacementError", fmt.Sprintf("ref argument %s passed to macro %s (ref is only allowed in calls of MPCal procedures and in instances)", r.Name.Name, name))
		}
	}
	e := &env{parent: c.env, macro: m, params: map[string]ast.Expr{}, bound: map[string][]string{}, danger: map[string]bool{}, x: x}
	if c.env != nil {
		e.site = c.env.site
		for k := range c.env.danger {
			e.danger[k] = true
		}
	} else {
		e.site = call
	}
	for i, p := range m.Params {
		arg := c.expr(call.Args[i])
		if _, dup := e.params[p.Name]; !dup {
			e.params[p.Name] = arg
		}
		ast.Inspect(arg, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id != nil {
				e.danger[id.Name] = true
			}
			return true
		})
	}
	nc := &copier{env: e, x: x}
	if m.Body == nil {
		return out
	}
	body := nc.stmts(m.Body.Stmts)
	n := 0
	for _, s := range body {
		ast.Inspect(s, func(ast.Node) bool { n++; return true })
	}
	x.budget -= n
	if x.budget < 0 && !x.overrun {
		x.overrun = true
		x.problem(call.Name.Pos(), "RecursiveMacroError", fmt.Sprintf("expanding macro %s produces more than %d statements", name, maxExpanded))
	}
	if c.env == nil {
		for _, s := range body {
			ast.Inspect(s, func(n ast.Node) bool {
				if st, ok := n.(ast.Stmt); ok {
					x.exp.Sites[st] = call
				}
				return true
			})
		}
	}
	return append(out, body...)
}

// env is the substitution environment of one macro expansion.
type env struct {
	parent *env
	macro  *ast.Macro
	params map[string]ast.Expr // parameter -> argument (already in call-site terms)
	bound  map[string][]string // names bound inside the body -> their new names (innermost last)
	danger map[string]bool     // names occurring in the arguments along the chain of calls
	site   *ast.MacroCall      // the outermost call
	x      *expander
}

func (e *env) inMacro() bool { return true }

// reported records that problems of a nested call were reported, so that a macro expanded
// several times reports them once.
func (e *env) reported(call *ast.MacroCall) bool {
	if e.x.seenCalls == nil {
		e.x.seenCalls = map[*ast.MacroCall]bool{}
	}
	if e.x.seenCalls[call] {
		return true
	}
	e.x.seenCalls[call] = true
	return false
}

// lookup finds what name denotes inside the expansion: a renamed binder, an argument, or
// nothing (a free identifier).
func (e *env) lookup(name string) (renamed string, arg ast.Expr, found bool) {
	for s := e; s != nil; s = s.parent {
		if st := s.bound[name]; len(st) > 0 {
			return st[len(st)-1], nil, true
		}
		if a, ok := s.params[name]; ok {
			return "", a, true
		}
	}
	return "", nil, false
}

func (e *env) free(id *ast.Ident) *ast.Ident {
	n := &ast.Ident{NamePos: id.NamePos, Name: id.Name}
	e.x.exp.Free[n] = e.site
	return n
}

func (e *env) use(c *copier, id *ast.Ident) ast.Expr {
	renamed, arg, ok := e.lookup(id.Name)
	switch {
	case !ok:
		return e.free(id)
	case arg != nil:
		if r, isRef := arg.(*ast.RefArg); isRef {
			// reported as RefArgumentPlacementError at the call: use the variable
			return &ast.Ident{NamePos: r.Name.NamePos, Name: r.Name.Name}
		}
		return CloneExpr(arg)
	}
	return &ast.Ident{NamePos: id.NamePos, Name: renamed}
}

func (e *env) opName(c *copier, id *ast.Ident) *ast.Ident {
	renamed, arg, ok := e.lookup(id.Name)
	switch {
	case !ok:
		return e.free(id)
	case arg != nil:
		if a, isID := arg.(*ast.Ident); isID {
			return &ast.Ident{NamePos: a.NamePos, Name: a.Name}
		}
		return &ast.Ident{NamePos: id.NamePos, Name: id.Name}
	}
	return &ast.Ident{NamePos: id.NamePos, Name: renamed}
}

// target resolves the variable name of an assignment target or ref argument: an assigned
// parameter must have been given a variable name.
func (e *env) target(id *ast.Ident, what string) *ast.Ident {
	renamed, arg, ok := e.lookup(id.Name)
	switch {
	case !ok:
		return e.free(id)
	case arg != nil:
		switch a := arg.(type) {
		case *ast.Ident:
			return &ast.Ident{NamePos: a.NamePos, Name: a.Name}
		case *ast.RefArg:
			return &ast.Ident{NamePos: a.Name.NamePos, Name: a.Name.Name}
		}
		e.x.problem(arg.Pos(), "MacroExpandAssignmentLhsError", fmt.Sprintf("macro %s %s its parameter %s, so the argument must be a variable name", e.macro.Name.Name, what, id.Name))
		bad := &ast.Ident{NamePos: id.NamePos, Name: id.Name}
		e.x.exp.Invalid[bad] = true
		return bad
	}
	return &ast.Ident{NamePos: id.NamePos, Name: renamed}
}

func (e *env) lhsRoot(c *copier, id *ast.Ident) ast.Expr { return e.target(id, "assigns") }

func (e *env) refName(c *copier, id *ast.Ident) *ast.Ident {
	return e.target(id, "passes by ref")
}

func (e *env) push(name, renamed string) func() {
	e.bound[name] = append(e.bound[name], renamed)
	return func() {
		st := e.bound[name]
		if len(st) > 0 {
			e.bound[name] = st[:len(st)-1]
		}
	}
}

// bindExpr binds a name of an expression binder; it keeps its name unless that could capture
// a name of an argument.
func (e *env) bindExpr(c *copier, id *ast.Ident) (*ast.Ident, func()) {
	name := id.Name
	if e.danger[name] {
		name = e.x.names.Fresh(name)
	}
	return &ast.Ident{NamePos: id.NamePos, Name: name}, e.push(id.Name, name)
}

// bindWith binds a `with` name of the body; it always gets a fresh name (mpcal.md §6.7).
func (e *env) bindWith(c *copier, id *ast.Ident) (*ast.Ident, func()) {
	name := e.x.names.Fresh(id.Name)
	return &ast.Ident{NamePos: id.NamePos, Name: name}, e.push(id.Name, name)
}
