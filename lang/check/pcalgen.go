package check

import (
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// pcalgenRules applies the rules that only pcalgen enforces (Config.PCalGen).
func (c *checker) pcalgenRules() {
	if f := c.spec.File; f != nil {
		c.tags(f)
	}
	a := c.spec.Algorithm
	if a == nil || a.Kind != ast.MPCal {
		return
	}
	if len(a.Processes) == 0 && len(a.Instances) == 0 {
		c.errorf(a.Name.Pos(), MPCalEffectivelyNoProcesses, "the block has neither processes nor instances: there is nothing to translate to PlusCal")
	}
	ast.Inspect(a, func(n ast.Node) bool {
		if s, ok := n.(*ast.StringLit); ok && (strings.Contains(s.Value, "(*") || strings.Contains(s.Value, "*)")) {
			c.errorf(s.Pos(), CommentBreakingStringError, "the string contains \"(*\" or \"*)\", which would end the comment holding the PlusCal translation")
		}
		return true
	})
}

// tags checks the "\* BEGIN PLUSCAL TRANSLATION" / "\* END PLUSCAL TRANSLATION" lines
// (mpcal.md §1.2): exactly one of each, BEGIN first.
func (c *checker) tags(f *ast.File) {
	at := func(m *ast.Marker) token.Position {
		if m == nil {
			return token.Position{Filename: f.Name, Line: 1, Column: 1}
		}
		return token.Position{Filename: f.Name, Offset: m.Offset, Line: m.Line, Column: 1}
	}
	add := func(pos token.Position, msg string) {
		c.errs = append(c.errs, &Error{Position: pos, Kind: PCalTagsError, Msg: msg})
	}
	b, e := terminated(f.Markers.BeginPlusCal), terminated(f.Markers.EndPlusCal)
	switch {
	case len(b) == 0 && len(e) == 0:
		add(at(nil), `missing the "\* BEGIN PLUSCAL TRANSLATION" and "\* END PLUSCAL TRANSLATION" lines`)
	case len(b) == 0:
		add(at(&e[0]), `missing the "\* BEGIN PLUSCAL TRANSLATION" line before this one`)
	case len(e) == 0:
		add(at(&b[0]), `missing the "\* END PLUSCAL TRANSLATION" line after this one`)
	case len(b) > 1:
		add(at(&b[1]), `a second "\* BEGIN PLUSCAL TRANSLATION" line`)
	case len(e) > 1:
		add(at(&e[1]), `a second "\* END PLUSCAL TRANSLATION" line`)
	case e[0].Line < b[0].Line:
		add(at(&e[0]), `"\* END PLUSCAL TRANSLATION" comes before "\* BEGIN PLUSCAL TRANSLATION"`)
	}
}

// terminated drops marker lines that no newline follows (they do not count, §1.2).
func terminated(list []ast.Marker) []ast.Marker {
	var out []ast.Marker
	for _, m := range list {
		if m.End-m.Offset > len(m.Text) {
			out = append(out, m)
		}
	}
	return out
}
