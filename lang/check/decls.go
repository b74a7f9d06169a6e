package check

import (
	"github.com/mpgo/mpgo/lang/ast"
)

// declarations reports names declared twice where the back ends need them unique
// (DuplicateDefinitionError, an mpgo addition: PGo keeps one of the two silently and emits
// broken code): macros, procedures (MPCal and PlusCal share one namespace), mapping macros,
// archetypes, processes, globals, and the parameters and locals of one declaration. In a
// plain PlusCal algorithm a procedure or process variable may not reuse a global's name
// (pluscal-translation.md §13).
func (c *checker) declarations(orig *ast.Algorithm) {
	type seen map[string]*ast.Ident
	dup := func(s seen, id *ast.Ident, what string) {
		if id == nil {
			return
		}
		if prev := s[id.Name]; prev != nil {
			c.errorf(id.Pos(), DuplicateDefinitionError, "%s %s is already declared at %s", what, id.Name, c.where(id.Pos(), prev.Pos()))
			return
		}
		s[id.Name] = id
	}
	macros := seen{}
	for _, m := range orig.Macros {
		dup(macros, m.Name, "macro")
	}
	procs := seen{}
	for _, list := range [][]*ast.Procedure{orig.MPCalProcedures, orig.Procedures} {
		for _, p := range list {
			dup(procs, p.Name, "procedure")
		}
	}
	mms := seen{}
	for _, mm := range orig.MappingMacros {
		dup(mms, mm.Name, "mapping macro")
	}
	archs := seen{}
	for _, a := range orig.Archetypes {
		dup(archs, a.Name, "archetype")
	}
	globals := seen{}
	for _, v := range orig.Vars {
		dup(globals, v.Name, "global variable")
	}
	procNames := seen{}
	for _, in := range orig.Instances {
		if in.Process != nil && orig.Kind == ast.PlusCal {
			dup(procNames, in.Process.Name, "process")
		}
	}
	for _, p := range orig.Processes {
		if p.Ident != nil && orig.Kind == ast.PlusCal {
			dup(procNames, p.Ident.Name, "process")
		}
	}
	plus := orig.Kind == ast.PlusCal
	vars := func(params []*ast.Param, locals []*ast.VarDecl, what string) {
		s := seen{}
		for _, p := range params {
			dup(s, p.Name, "parameter")
			if plus && globals[p.Name.Name] != nil {
				c.errorf(p.Name.Pos(), DuplicateDefinitionError, "parameter %s of %s has the name of a global variable", p.Name.Name, what)
			}
		}
		for _, l := range locals {
			dup(s, l.Name, "variable")
			if plus && globals[l.Name.Name] != nil {
				c.errorf(l.Name.Pos(), DuplicateDefinitionError, "variable %s of %s has the name of a global variable", l.Name.Name, what)
			}
		}
	}
	for _, list := range [][]*ast.Procedure{orig.MPCalProcedures, orig.Procedures} {
		for _, p := range list {
			vars(p.Params, p.Locals, "procedure "+p.Name.Name)
		}
	}
	for _, a := range orig.Archetypes {
		vars(a.Params, a.Locals, "archetype "+a.Name.Name)
	}
	for _, p := range orig.Processes {
		name := ""
		if p.Ident != nil {
			name = p.Ident.Name.Name
		}
		vars(nil, p.Locals, "process "+name)
	}
}
