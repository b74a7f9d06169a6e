package cfg

import "strings"

// String renders c in TLC's configuration syntax, one statement per
// keyword: CONSTANTS, INIT, NEXT, SPECIFICATION, CONSTRAINTS,
// ACTION_CONSTRAINTS, INVARIANTS, PROPERTIES, SYMMETRY, VIEW, ALIAS,
// POSTCONDITION, TYPE, TYPE_CONSTRAINT, CHECK_DEADLOCK. Parsing the result
// gives back c up to positions.
func (c *Config) String() string {
	var b strings.Builder
	if len(c.Constants) > 0 {
		b.WriteString("CONSTANTS\n")
		for _, k := range c.Constants {
			b.WriteString("    " + k.String() + "\n")
		}
	}
	single := func(kw string, n *Name) {
		if n != nil {
			b.WriteString(kw + " " + n.Name + "\n")
		}
	}
	list := func(one, many string, names []Name) {
		switch len(names) {
		case 0:
		case 1:
			b.WriteString(one + " " + names[0].Name + "\n")
		default:
			b.WriteString(many + "\n")
			for _, n := range names {
				b.WriteString("    " + n.Name + "\n")
			}
		}
	}
	single("INIT", c.Init)
	single("NEXT", c.Next)
	single("SPECIFICATION", c.Specification)
	list("CONSTRAINT", "CONSTRAINTS", c.Constraints)
	list("ACTION_CONSTRAINT", "ACTION_CONSTRAINTS", c.ActionConstraints)
	list("INVARIANT", "INVARIANTS", c.Invariants)
	list("PROPERTY", "PROPERTIES", c.Properties)
	single("SYMMETRY", c.Symmetry)
	single("VIEW", c.View)
	single("ALIAS", c.Alias)
	single("POSTCONDITION", c.Postcondition)
	single("TYPE", c.Type)
	single("TYPE_CONSTRAINT", c.TypeConstraint)
	if c.CheckDeadlock != nil {
		if *c.CheckDeadlock {
			b.WriteString("CHECK_DEADLOCK TRUE\n")
		} else {
			b.WriteString("CHECK_DEADLOCK FALSE\n")
		}
	}
	return b.String()
}
