package check

import (
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
)

type bodyKind uint8

const (
	bodyArchetype bodyKind = iota
	bodyMPCalProc
	bodyPCalProc
	bodyProcess
	bodyUniprocess
	bodyMappingRead
	bodyMappingWrite
)

// bodyCtx describes the body whose statements are being checked.
type bodyCtx struct {
	kind  bodyKind
	owner ast.Node
	name  string
	auto  bool // the PlusCal translator will add the labels (no labeling rules)
}

// mpcal reports MPCal code: archetypes and MPCal procedures.
func (b *bodyCtx) mpcal() bool { return b.kind == bodyArchetype || b.kind == bodyMPCalProc }

func (b *bodyCtx) procedure() bool { return b.kind == bodyMPCalProc || b.kind == bodyPCalProc }

func (b *bodyCtx) mapping() bool { return b.kind == bodyMappingRead || b.kind == bodyMappingWrite }

func (b *bodyCtx) what() string {
	switch b.kind {
	case bodyArchetype:
		return "archetype " + b.name
	case bodyMPCalProc, bodyPCalProc:
		return "procedure " + b.name
	case bodyProcess:
		return "process " + b.name
	case bodyMappingRead, bodyMappingWrite:
		return "mapping macro " + b.name
	}
	return "the algorithm body"
}

// checkBody resolves and checks the statements of one body.
func (c *checker) checkBody(b *bodyCtx, blk *ast.Block) {
	if blk == nil {
		return
	}
	c.body = b
	c.stmts(blk.Stmts)
	c.labelChecks(b, blk)
	if c.cfg.NoMultipleWrites && !c.resolveOnly {
		c.writes(blk)
	}
	c.body = nil
	c.cur = nil
}

func (c *checker) stmts(list []ast.Stmt) {
	for _, s := range list {
		c.stmt(s)
	}
}

func (c *checker) block(b *ast.Block) {
	if b != nil {
		c.stmts(b.Stmts)
	}
}

func (c *checker) stmt(s ast.Stmt) {
	prev := c.cur
	c.cur = s
	defer func() { c.cur = prev }()
	switch s := s.(type) {
	case *ast.Block:
		c.block(s)
	case *ast.LabeledStmt:
		c.info.Defs[s.Label] = &Symbol{Kind: LabelName, Name: s.Label.Name, Decl: s, Owner: c.body.owner}
		c.stmts(s.Stmts)
	case *ast.AssignStmt:
		for _, p := range s.Pairs {
			c.expr(p.Rhs)
			c.lhs(p)
		}
	case *ast.IfStmt:
		c.expr(s.Cond)
		c.block(s.Then)
		c.block(s.Else)
	case *ast.WhileStmt:
		c.expr(s.Cond)
		c.block(s.Body)
	case *ast.EitherStmt:
		for _, b := range s.Branches {
			c.block(b)
		}
	case *ast.WithStmt:
		m := c.sc.mark()
		for _, d := range s.Decls {
			c.expr(d.Init)
			c.define(d.Name, &Symbol{Kind: WithVar, Name: d.Name.Name, Decl: d, Owner: c.body.owner})
		}
		c.block(s.Body)
		c.sc.reset(m)
	case *ast.AwaitStmt:
		c.expr(s.Cond)
	case *ast.PrintStmt:
		c.expr(s.X)
	case *ast.AssertStmt:
		c.expr(s.Cond)
	case *ast.YieldStmt:
		if c.ctx != ctxMapping {
			c.errorf(s.Pos(), ParseError, "yield outside a mapping macro")
		}
		c.expr(s.X)
	case *ast.ReturnStmt:
		if !c.body.procedure() && !c.resolveOnly {
			c.errorf(s.Pos(), ReturnOutsideProcedureError, "return in %s (only procedures return)", c.body.what())
		}
	case *ast.CallStmt:
		c.call(s)
	case *ast.GotoStmt, *ast.SkipStmt, *ast.MacroCall:
		// goto targets are checked with the labels; unexpanded macro calls were reported
	}
}

// lhs checks an assignment target (mpcal.md §4.4, §4.5).
func (c *checker) lhs(p *ast.AssignPair) {
	root, steps := splitChain(p.Lhs)
	for _, st := range steps {
		c.exprs(st)
	}
	switch r := root.(type) {
	case *ast.SpecialVar:
		switch {
		case r.Value:
			c.errorf(r.Pos(), PCalInvalidAssignment, "cannot assign to $value")
		case c.ctx != ctxMapping:
			c.errorf(r.Pos(), ParseError, "$variable outside a mapping macro")
		}
	case *ast.Ident:
		s := c.use(r)
		if s == nil || c.resolveOnly {
			return
		}
		if !s.IsState() || c.ctx == ctxMapping {
			c.errorf(r.Pos(), PCalInvalidAssignment, "cannot assign to %s, a %s (only state variables are assignable)", r.Name, s.Kind)
			return
		}
		if s.Ref {
			switch n := len(steps); {
			case n < s.Depth:
				c.errorf(r.Pos(), MPCalKindMismatchError, "ref parameter %s has mapping count %d; assigning it needs exactly %d indices, found %d", r.Name, s.Depth, s.Depth, n)
			case n > s.Depth:
				c.errorf(r.Pos(), MPCalReadWriteAssignmentForbidden, "assignment to %s with %d indices, but its mapping count is %d: this hides a read-modify-write (read the value, then write it whole)", r.Name, n, s.Depth)
			}
		}
	default:
		c.expr(root)
	}
}

// call checks a procedure call (mpcal.md §4.3, §4.5, §4.7).
func (c *checker) call(s *ast.CallStmt) {
	p := c.procs[s.Proc.Name]
	if p == nil {
		c.errorf(s.Proc.Pos(), ProcedureLookupError, "unknown procedure %s", s.Proc.Name)
		for _, a := range s.Args {
			if r, ok := a.(*ast.RefArg); ok {
				c.use(r.Name)
				continue
			}
			c.expr(a)
		}
		return
	}
	c.info.Uses[s.Proc] = c.named[p]
	if !c.resolveOnly {
		if !p.MPCal && c.body.mpcal() {
			c.errorf(s.Pos(), PCalCallFromMPCalError, "%s calls the PlusCal procedure %s (MPCal code may call only MPCal procedures)", c.body.what(), p.Name.Name)
		}
		if len(s.Args) != len(p.Params) {
			c.errorf(s.Proc.Pos(), PClArityMismatch, "procedure %s takes %d arguments, called with %d", p.Name.Name, len(p.Params), len(s.Args))
		}
	}
	for i, a := range s.Args {
		var prm *ast.Param
		if i < len(p.Params) {
			prm = p.Params[i]
		}
		r, ok := a.(*ast.RefArg)
		if !ok {
			c.expr(a)
			continue
		}
		if !p.MPCal {
			c.use(r.Name)
			if !c.resolveOnly {
				c.errorf(r.Pos(), RefArgumentPlacementError, "ref argument %s passed to the PlusCal procedure %s (only MPCal procedures take ref parameters)", r.Name.Name, p.Name.Name)
			}
			continue
		}
		c.refArg(r, prm, "procedure "+p.Name.Name)
	}
}

// refArg checks a ref argument against the parameter it is passed to (mpcal.md §4.5).
func (c *checker) refArg(r *ast.RefArg, prm *ast.Param, callee string) {
	s := c.use(r.Name)
	if c.resolveOnly {
		return
	}
	arg := r.Name.Name + strings.Repeat("[_]", r.Depth)
	if s != nil {
		switch {
		case s.Ref && r.Depth < s.Depth:
			c.errorf(r.Pos(), MPCalKindMismatchError, "ref %s passes ref parameter %s with fewer [_] than its mapping count %d", arg, s.Name, s.Depth)
		case c.ctx == ctxInstance && s.Kind != GlobalVar:
			c.errorf(r.Pos(), PCalInvalidAssignment, "ref %s must name a global variable, not a %s", arg, s.Kind)
		case !s.IsState():
			c.errorf(r.Pos(), PCalInvalidAssignment, "ref %s must name a state variable, not a %s", arg, s.Kind)
		}
	}
	if prm == nil {
		return
	}
	switch {
	case !prm.IsRef():
		c.errorf(r.Pos(), MPCalKindMismatchError, "ref %s passed to the value parameter %s of %s", arg, prm.Name.Name, callee)
	case prm.Depth != r.Depth:
		c.errorf(r.Pos(), MPCalKindMismatchError, "ref %s has mapping count %d, but parameter %s of %s has %d", arg, r.Depth, prm.Name.Name, callee, prm.Depth)
	}
}

// instanceDecl checks an instance (mpcal.md §4.5, §4.6).
func (c *checker) instanceDecl(in *ast.InstanceDecl) {
	m := c.sc.mark()
	defer c.sc.reset(m)
	c.ctx = ctxInstance
	c.cur = nil
	if in.Process != nil {
		c.expr(in.Process.Init)
		c.sc.push(&Symbol{Kind: Self, Name: "self", Owner: in})
		c.define(in.Process.Name, c.varSym(in.Process, ProcessName, in))
	}
	ar := c.archs[in.Archetype.Name]
	if ar == nil {
		c.errorf(in.Archetype.Pos(), ArchetypeLookupError, "unknown archetype %s", in.Archetype.Name)
	} else {
		c.info.Uses[in.Archetype] = c.named[ar]
		if len(in.Args) != len(ar.Params) && !c.resolveOnly {
			c.errorf(in.Archetype.Pos(), PClArityMismatch, "archetype %s takes %d arguments, instantiated with %d", ar.Name.Name, len(ar.Params), len(in.Args))
		}
	}
	for i, a := range in.Args {
		var prm *ast.Param
		if ar != nil && i < len(ar.Params) {
			prm = ar.Params[i]
		}
		if r, ok := a.(*ast.RefArg); ok {
			name := "archetype " + in.Archetype.Name
			c.refArg(r, prm, name)
			continue
		}
		c.expr(a)
	}
	mapped := map[int]bool{}
	for _, mp := range in.Mappings {
		c.mapping(in, ar, mp, mapped)
	}
}

// mapping resolves and checks one "mapping T via M" clause.
func (c *checker) mapping(in *ast.InstanceDecl, ar *ast.Archetype, mp *ast.Mapping, mapped map[int]bool) {
	target := &MappingTarget{Arg: -1}
	c.info.Mappings[mp] = target
	if mm := c.mms[mp.Macro.Name]; mm != nil {
		target.Macro = mm
		c.info.Uses[mp.Macro] = c.named[mm]
	} else if !c.resolveOnly {
		c.errorf(mp.Macro.Pos(), MappingMacroLookupError, "unknown mapping macro %s", mp.Macro.Name)
	}
	idx := -1
	what := ""
	if mp.Name != nil {
		what = mp.Name.Name + strings.Repeat("[_]", mp.Depth)
		for i, a := range in.Args {
			if r, ok := a.(*ast.RefArg); ok && r.Name.Name == mp.Name.Name {
				idx = i // a name passed twice denotes the last position
			}
		}
		if idx < 0 {
			if !c.resolveOnly {
				if len(in.Args) == 0 {
					c.errorf(mp.Name.Pos(), MappingLookupError, "mapping %s: the instance has no arguments", mp.Name.Name)
				} else {
					c.errorf(mp.Name.Pos(), MappingLookupError, "mapping %s: no ref argument %s", mp.Name.Name, mp.Name.Name)
				}
			}
			return
		}
		if r, ok := in.Args[idx].(*ast.RefArg); ok {
			c.info.Uses[mp.Name] = c.info.Uses[r.Name]
		}
	} else {
		what = "@" + itoa(mp.Position) + strings.Repeat("[_]", mp.Depth)
		if mp.Position < 1 || mp.Position > len(in.Args) {
			if !c.resolveOnly {
				c.errorf(mp.Pos(), MappingIndexOutOfBounds, "mapping %s: the instance has %d arguments", what, len(in.Args))
			}
			return
		}
		idx = mp.Position - 1
	}
	target.Arg = idx
	if c.resolveOnly {
		return
	}
	if mapped[idx] {
		c.errorf(mp.Pos(), MPCalMultipleMapping, "argument %d of the instance is mapped more than once", idx+1)
	}
	mapped[idx] = true
	switch a := in.Args[idx].(type) {
	case *ast.RefArg:
		if a.Depth != mp.Depth {
			c.errorf(mp.Pos(), MPCalKindMismatchError, "mapping %s has mapping count %d, but the argument ref %s%s has %d", what, mp.Depth, a.Name.Name, strings.Repeat("[_]", a.Depth), a.Depth)
		}
	default:
		if ar == nil || idx >= len(ar.Params) {
			return
		}
		prm := ar.Params[idx]
		switch {
		case !prm.IsRef():
			c.errorf(mp.Pos(), MPCalMappingValueRefMismatchError, "mapping %s maps an expression argument passed to the value parameter %s of archetype %s (only ref parameters can be mapped)", what, prm.Name.Name, ar.Name.Name)
		case prm.Depth != mp.Depth:
			c.errorf(mp.Pos(), MPCalKindMismatchError, "mapping %s has mapping count %d, but parameter %s of archetype %s has %d", what, mp.Depth, prm.Name.Name, ar.Name.Name, prm.Depth)
		}
	}
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
