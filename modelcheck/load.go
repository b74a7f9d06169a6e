package modelcheck

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/parser"
	"github.com/mpgo/mpgo/lang/token"
)

// standardModules are the modules whose operators are built into the checker
// (builtins.go); EXTENDS and INSTANCE of them read no file.
var standardModules = map[string]bool{
	"Naturals": true, "Integers": true, "Reals": true, "Sequences": true,
	"FiniteSets": true, "Bags": true, "TLC": true, "TLCExt": true,
}

// loader parses a root module and the user modules it extends or
// instantiates (Name.tla beside the root file, or a nested module).
type loader struct {
	fset    *token.FileSet
	dir     string
	mods    map[string]*ast.Module
	parsed  []string // files in the order they were parsed, for TLC's "Parsing file" lines
	nested  map[string]*ast.Module
	loading map[string]bool
}

func newLoader(fset *token.FileSet, dir string) *loader {
	return &loader{fset: fset, dir: dir, mods: map[string]*ast.Module{},
		nested: map[string]*ast.Module{}, loading: map[string]bool{}}
}

// parseFile parses one .tla file and every user module it depends on.
func (l *loader) parseFile(path string) (*ast.Module, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Kind: ErrParse, Msg: err.Error()}
	}
	l.parsed = append(l.parsed, path)
	m, err := parser.ParseModule(l.fset, path, src, 0)
	if err != nil {
		return nil, &Error{Kind: ErrParse, Msg: err.Error()}
	}
	if m == nil || m.Name == nil {
		return nil, &Error{Kind: ErrParse, Msg: path + ": no module found"}
	}
	l.mods[m.Name.Name] = m
	l.registerNested(m)
	if err := l.resolveDeps(m); err != nil {
		return nil, err
	}
	return m, nil
}

func (l *loader) registerNested(m *ast.Module) {
	for _, u := range m.Units {
		if n, ok := u.(*ast.Module); ok && n.Name != nil {
			l.nested[n.Name.Name] = n
			l.registerNested(n)
		}
	}
}

// resolveDeps loads the modules named in m's EXTENDS and INSTANCEs.
func (l *loader) resolveDeps(m *ast.Module) error {
	for _, e := range m.Extends {
		if _, err := l.module(e.Name, e.Pos()); err != nil {
			return err
		}
	}
	var err error
	var visit func(units []ast.Unit)
	visit = func(units []ast.Unit) {
		for _, u := range units {
			if err != nil {
				return
			}
			switch u := u.(type) {
			case *ast.Instance:
				_, err = l.module(u.Module.Name, u.Module.Pos())
			case *ast.ModuleDef:
				_, err = l.module(u.Instance.Module.Name, u.Instance.Module.Pos())
			case *ast.Module:
				if e := l.resolveDeps(u); e != nil {
					err = e
				}
			}
		}
	}
	visit(m.Units)
	if err != nil {
		return err
	}
	// INSTANCEs inside LET are rare; they are resolved when compiled.
	return nil
}

// module returns the user module name (nil for a standard module).
func (l *loader) module(name string, at token.Pos) (*ast.Module, error) {
	if m, ok := l.mods[name]; ok {
		return m, nil
	}
	if m, ok := l.nested[name]; ok {
		return m, nil
	}
	path := filepath.Join(l.dir, name+".tla")
	if _, err := os.Stat(path); err != nil {
		if standardModules[name] {
			return nil, nil
		}
		return nil, &Error{Kind: ErrParse, Pos: l.fset.Position(at),
			Msg: fmt.Sprintf("cannot find module %s (looked for %s)", name, path)}
	}
	if standardModules[name] {
		// A file named like a standard module beside the spec is ignored, as
		// the standard module's operators are built in.
		return nil, nil
	}
	if l.loading[name] {
		return nil, &Error{Kind: ErrParse, Pos: l.fset.Position(at), Msg: "circular dependency through module " + name}
	}
	l.loading[name] = true
	defer delete(l.loading, name)
	return l.parseFile(path)
}
