package check

import (
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/parser"
	"github.com/mpgo/mpgo/lang/token"
)

// alwaysAvailable are the builtins of mpcal.md §3.4 that need no EXTENDS.
var alwaysAvailable = []parser.BuiltinOp{
	{Name: "TRUE", Fix: token.Named}, {Name: "FALSE", Fix: token.Named},
	{Name: "BOOLEAN", Fix: token.Named}, {Name: "STRING", Fix: token.Named},
	{Name: "~", Arity: 1, Fix: token.Prefix}, {Name: "SUBSET", Arity: 1, Fix: token.Prefix},
	{Name: "UNION", Arity: 1, Fix: token.Prefix}, {Name: "DOMAIN", Arity: 1, Fix: token.Prefix},
	{Name: "ENABLED", Arity: 1, Fix: token.Prefix}, {Name: "UNCHANGED", Arity: 1, Fix: token.Prefix},
	{Name: "[]", Arity: 1, Fix: token.Prefix}, {Name: "<>", Arity: 1, Fix: token.Prefix},
	{Name: `/\`, Arity: 2, Fix: token.Infix}, {Name: `\/`, Arity: 2, Fix: token.Infix},
	{Name: "=>", Arity: 2, Fix: token.Infix}, {Name: "<=>", Arity: 2, Fix: token.Infix},
	{Name: "=", Arity: 2, Fix: token.Infix}, {Name: "/=", Arity: 2, Fix: token.Infix},
	{Name: `\in`, Arity: 2, Fix: token.Infix}, {Name: `\notin`, Arity: 2, Fix: token.Infix},
	{Name: `\cap`, Arity: 2, Fix: token.Infix}, {Name: `\cup`, Arity: 2, Fix: token.Infix},
	{Name: `\subseteq`, Arity: 2, Fix: token.Infix}, {Name: `\`, Arity: 2, Fix: token.Infix},
	{Name: `\cdot`, Arity: 2, Fix: token.Infix}, {Name: "~>", Arity: 2, Fix: token.Infix},
	{Name: "-+->", Arity: 2, Fix: token.Infix}, {Name: "'", Arity: 1, Fix: token.Postfix},
}

// opKey is the scope key of an operator: its canonical spelling.
func opKey(name string, fix token.Fixity) string { return token.Canonical(name, fix) }

func builtinSymbol(op parser.BuiltinOp, module string) *Symbol {
	return &Symbol{Kind: Builtin, Name: opKey(op.Name, op.Fix), Arity: op.Arity, Fix: op.Fix, Module: module}
}

// findModule resolves a module name among deps, else among the builtin modules.
func findModule(name string, deps []*parser.Loaded) *parser.Loaded {
	for _, d := range deps {
		if d != nil && d.Name == name {
			return d
		}
	}
	if b, ok := parser.Builtin(name); ok {
		return &parser.Loaded{Name: name, Builtin: b}
	}
	return nil
}

// exports returns the symbols a module makes visible to a module that extends (or
// instantiates without a name) it: its own non-LOCAL definitions and declarations and those
// of the modules it extends, transitively.
func (c *checker) exports(m *parser.Loaded) []*Symbol {
	key := m.Name + "\x00" + m.Path
	if syms, ok := c.exportCache[key]; ok {
		return syms
	}
	c.exportCache[key] = nil // cycle guard
	var syms []*Symbol
	if m.Builtin != nil {
		for _, e := range m.Builtin.Extends {
			if d := findModule(e, m.Deps); d != nil {
				syms = append(syms, c.exports(d)...)
			}
		}
		for _, op := range m.Builtin.Ops {
			syms = append(syms, builtinSymbol(op, m.Name))
		}
	} else if m.Module != nil {
		for _, e := range m.Module.Extends {
			if d := findModule(e.Name, m.Deps); d != nil {
				syms = append(syms, c.exports(d)...)
			}
		}
		for _, u := range m.Module.Units {
			switch u := u.(type) {
			case *ast.ConstantDecl:
				for _, d := range u.Decls {
					syms = append(syms, &Symbol{Kind: Constant, Name: opKey(d.Name.Name, d.Fix), Decl: d, Arity: d.Arity, Fix: d.Fix, Module: m.Name})
				}
			case *ast.VariableDecl:
				for _, n := range u.Names {
					syms = append(syms, &Symbol{Kind: ModuleVar, Name: n.Name, Decl: n, Module: m.Name})
				}
			case *ast.OpDef:
				if !u.Local {
					syms = append(syms, &Symbol{Kind: ModuleDef, Name: opKey(u.Name.Name, u.Fix), Decl: u, Arity: len(u.Params), Fix: u.Fix, Module: m.Name})
				}
			case *ast.FuncDef:
				if !u.Local {
					syms = append(syms, &Symbol{Kind: ModuleDef, Name: u.Name.Name, Decl: u, Module: m.Name})
				}
			case *ast.ModuleDef:
				if !u.Local {
					syms = append(syms, &Symbol{Kind: ModuleDef, Name: u.Name.Name, Decl: u, Arity: len(u.Params), Module: m.Name})
				}
			case *ast.Instance:
				if !u.Local {
					if d := findModule(u.Module.Name, m.Deps); d != nil {
						syms = append(syms, c.exports(d)...)
					}
				}
			}
		}
	}
	c.exportCache[key] = syms
	return syms
}

// lookupModule resolves a module name used in the spec's module: a module nested in it, a
// dependency the loader found, or a builtin module.
func (c *checker) lookupModule(name string) *parser.Loaded {
	if m := c.nested[name]; m != nil {
		return &parser.Loaded{Name: name, Module: m, Deps: c.spec.Deps}
	}
	return findModule(name, c.spec.Deps)
}

// importModule makes the exports of module name visible, or reports it missing.
func (c *checker) importModule(id *ast.Ident) {
	d := c.lookupModule(id.Name)
	if d == nil {
		c.errorf(id.Pos(), ModuleNotFoundError, "module %s not found (no %s.tla beside the spec and no such standard module)", id.Name, id.Name)
		return
	}
	for _, s := range c.exports(d) {
		c.sc.push(s)
	}
}

// module resolves the units of the module prefix in order (mpcal.md §3.3): a definition must
// precede its uses unless declared RECURSIVE.
func (c *checker) module(m *ast.Module) {
	c.ctx = ctxModule
	c.later = map[string]bool{}
	c.nested = map[string]*ast.Module{}
	for _, u := range m.Units {
		if n, ok := u.(*ast.Module); ok && n.Name != nil {
			c.nested[n.Name.Name] = n
		}
	}
	for _, u := range m.Units {
		for _, n := range unitNames(u) {
			c.later[n] = true
		}
	}
	for _, e := range m.Extends {
		c.importModule(e)
	}
	pending := map[string]*Symbol{}
	for _, u := range m.Units {
		c.unit(u, ModuleDef, pending)
	}
	c.unboundRecursive(pending)
	c.later = nil
}

// unitNames lists the names a unit defines.
func unitNames(u ast.Unit) []string {
	switch u := u.(type) {
	case *ast.OpDef:
		return []string{opKey(u.Name.Name, u.Fix)}
	case *ast.FuncDef:
		return []string{u.Name.Name}
	case *ast.ModuleDef:
		return []string{u.Name.Name}
	case *ast.ConstantDecl:
		var out []string
		for _, d := range u.Decls {
			out = append(out, opKey(d.Name.Name, d.Fix))
		}
		return out
	case *ast.VariableDecl:
		var out []string
		for _, n := range u.Names {
			out = append(out, n.Name)
		}
		return out
	}
	return nil
}

func (c *checker) unboundRecursive(pending map[string]*Symbol) {
	for _, s := range pending {
		if d, ok := s.Decl.(*ast.OpDecl); ok {
			c.errorf(d.Pos(), UnboundRecursiveDeclError, "RECURSIVE %s is never defined", d.Name.Name)
		}
	}
}

// unit resolves one unit and declares what it defines as kind (ModuleDef, DefineDef or
// LetDef). pending holds RECURSIVE declarations waiting for their definition.
func (c *checker) unit(u ast.Unit, kind SymbolKind, pending map[string]*Symbol) {
	switch u := u.(type) {
	case *ast.ConstantDecl:
		for _, d := range u.Decls {
			s := &Symbol{Kind: Constant, Name: opKey(d.Name.Name, d.Fix), Decl: d, Arity: d.Arity, Fix: d.Fix}
			c.define(d.Name, s)
		}
	case *ast.VariableDecl:
		for _, n := range u.Names {
			c.define(n, &Symbol{Kind: ModuleVar, Name: n.Name, Decl: n})
		}
	case *ast.Recursive:
		for _, d := range u.Decls {
			s := &Symbol{Kind: kind, Name: opKey(d.Name.Name, d.Fix), Decl: d, Arity: d.Arity, Fix: d.Fix}
			pending[s.Name] = s
			c.define(d.Name, s)
		}
	case *ast.OpDef:
		name := opKey(u.Name.Name, u.Fix)
		m := c.sc.mark()
		for _, p := range u.Params {
			c.define(p.Name, &Symbol{Kind: OpParam, Name: p.Name.Name, Decl: p, Arity: p.Arity})
		}
		c.expr(u.Body)
		c.sc.reset(m)
		if s, ok := pending[name]; ok {
			delete(pending, name)
			s.Decl, s.Arity, s.Fix = u, len(u.Params), u.Fix
			c.info.Defs[u.Name] = s
			return
		}
		c.define(u.Name, &Symbol{Kind: kind, Name: name, Decl: u, Arity: len(u.Params), Fix: u.Fix})
	case *ast.FuncDef:
		s, ok := pending[u.Name.Name]
		if ok {
			delete(pending, u.Name.Name)
			s.Decl, s.Arity = u, 0
			c.info.Defs[u.Name] = s
		} else {
			s = &Symbol{Kind: kind, Name: u.Name.Name, Decl: u}
			c.define(u.Name, s)
		}
		m := c.sc.mark()
		c.bounds(u.Bounds)
		c.expr(u.Body)
		c.sc.reset(m)
	case *ast.ModuleDef:
		m := c.sc.mark()
		for _, p := range u.Params {
			c.define(p.Name, &Symbol{Kind: OpParam, Name: p.Name.Name, Decl: p, Arity: p.Arity})
		}
		c.instance(u.Instance)
		c.sc.reset(m)
		c.define(u.Name, &Symbol{Kind: kind, Name: u.Name.Name, Decl: u, Arity: len(u.Params)})
	case *ast.Instance:
		c.instance(u)
		if d := c.lookupModule(u.Module.Name); d != nil {
			for _, s := range c.exports(d) {
				c.sc.push(s)
			}
		}
	case *ast.Assume:
		c.expr(u.Expr)
	case *ast.Theorem, *ast.Separator, *ast.Module:
		// proofs are not interpreted; nested modules are not visible here
	}
}

// instance resolves the substitutions of INSTANCE M WITH ... and checks that M exists.
func (c *checker) instance(in *ast.Instance) {
	if in == nil {
		return
	}
	if c.lookupModule(in.Module.Name) == nil {
		c.errorf(in.Module.Pos(), ModuleNotFoundError, "module %s not found (no %s.tla beside the spec and no such standard module)", in.Module.Name, in.Module.Name)
	}
	for _, s := range in.Substs {
		c.expr(s.Value)
	}
}

// define declares a symbol under its declaring identifier.
func (c *checker) define(id *ast.Ident, s *Symbol) {
	c.sc.push(s)
	if id != nil {
		c.info.Defs[id] = s
	}
}
