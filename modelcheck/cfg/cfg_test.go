package cfg

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
)

// clearPos zeroes every position of c (in place) and returns it, so that
// configurations can be compared structurally.
func clearPos(c *Config) *Config {
	c.Filename = ""
	clearName := func(n *Name) {
		if n != nil {
			n.Pos = Pos{}
		}
	}
	for _, n := range []*Name{c.Init, c.Next, c.Specification, c.Symmetry, c.View,
		c.Alias, c.Postcondition, c.Type, c.TypeConstraint} {
		clearName(n)
	}
	for _, l := range [][]Name{c.Invariants, c.Properties, c.Constraints, c.ActionConstraints} {
		for i := range l {
			clearName(&l[i])
		}
	}
	c.CheckDeadlockPos = Pos{}
	for i := range c.Constants {
		k := &c.Constants[i]
		clearName(&k.Name)
		clearName(k.Module)
		clearName(k.Def)
		for _, a := range k.Args {
			clearValuePos(a)
		}
		if k.Value != nil {
			clearValuePos(k.Value)
		}
	}
	return c
}

func clearValuePos(v Value) {
	switch v := v.(type) {
	case *Int:
		v.Start = Pos{}
	case *String:
		v.Start = Pos{}
	case *Bool:
		v.Start = Pos{}
	case *ModelValue:
		v.Start = Pos{}
	case *Set:
		v.Start = Pos{}
		for _, e := range v.Elems {
			clearValuePos(e)
		}
	}
}

// roundTrip checks that printing c and parsing the result gives c again, and
// that printing is then a fixed point.
func roundTrip(t *testing.T, c *Config) {
	t.Helper()
	printed := c.String()
	c2, err := Parse("printed.cfg", []byte(printed))
	if err != nil {
		t.Fatalf("printed config does not parse: %v\n%s", err, printed)
	}
	if again := c2.String(); again != printed {
		t.Fatalf("printing is not a fixed point:\n%s\n---\n%s", printed, again)
	}
	want := clearPos(c)
	got := clearPos(c2)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip changed the config:\n%s\n---\n%s", want, got)
	}
}

func corpusConfigs(t testing.TB) []corpus.Case {
	t.Helper()
	var all []corpus.Case
	for _, g := range []string{"tla", "pluscal", "perf"} {
		cs, err := corpus.Cases(g)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) == 0 {
			t.Fatalf("corpus group %s is empty", g)
		}
		all = append(all, cs...)
	}
	return all
}

func TestCorpusConfigsParse(t *testing.T) {
	for _, c := range corpusConfigs(t) {
		t.Run(c.Group+"/"+c.Name, func(t *testing.T) {
			conf, err := ParseFile(c.Config)
			if err != nil {
				t.Fatal(err)
			}
			if err := conf.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
			if conf.Specification == nil && conf.Init == nil {
				t.Errorf("no SPECIFICATION and no INIT")
			}
			roundTrip(t, conf)
		})
	}
}

func findCase(t *testing.T, group, name string) *Config {
	t.Helper()
	cs, err := corpus.Cases(group)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name == name {
			conf, err := ParseFile(c.Config)
			if err != nil {
				t.Fatal(err)
			}
			return conf
		}
	}
	t.Fatalf("no corpus case %s/%s", group, name)
	return nil
}

func names(ns []Name) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Name)
	}
	return out
}

func constantMap(c *Config) map[string]string {
	m := map[string]string{}
	for _, k := range c.Constants {
		m[k.Name.Name] = k.String()
	}
	return m
}

func TestCorpusContents(t *testing.T) {
	t.Run("let_choose_case", func(t *testing.T) {
		c := findCase(t, "tla", "let_choose_case")
		if len(c.Constants) != 3 {
			t.Fatalf("constants: %v", c.Constants)
		}
		low := c.Constants[0]
		if low.Name.Name != "Low" || !low.IsSubstitution() || low.Def.Name != "MinusThree" || low.Module != nil {
			t.Errorf("Low: %+v", low)
		}
		if low.Name.Pos != (Pos{2, 5}) || low.Def.Pos != (Pos{2, 12}) {
			t.Errorf("Low positions: %v %v", low.Name.Pos, low.Def.Pos)
		}
		high := c.Constants[1]
		if iv, ok := high.Value.(*Int); high.Name.Name != "High" || !ok || iv.Value != 3 || iv.Start != (Pos{3, 12}) {
			t.Errorf("High: %+v %+v", high, high.Value)
		}
		if got := c.Constants[2].String(); got != "Target = 0" {
			t.Errorf("Target: %s", got)
		}
		if c.Specification == nil || c.Specification.Name != "Spec" {
			t.Errorf("SPECIFICATION: %v", c.Specification)
		}
		if got := names(c.Invariants); !reflect.DeepEqual(got, []string{"InRange", "ModeOK", "DistanceBound"}) {
			t.Errorf("invariants: %v", got)
		}
		if got := names(c.Properties); !reflect.DeepEqual(got, []string{"ModeChangesByControl"}) {
			t.Errorf("properties: %v", got)
		}
	})
	t.Run("model_values_sym", func(t *testing.T) {
		c := findCase(t, "tla", "model_values_sym")
		procs := c.Constants[0]
		set, ok := procs.Value.(*Set)
		if procs.Name.Name != "Procs" || !ok || len(set.Elems) != 3 {
			t.Fatalf("Procs: %+v", procs)
		}
		for i, want := range []string{"p1", "p2", "p3"} {
			mv, ok := set.Elems[i].(*ModelValue)
			if !ok || mv.Name != want {
				t.Errorf("Procs element %d: %#v", i, set.Elems[i])
			}
		}
		if mv, ok := c.Constants[1].Value.(*ModelValue); !ok || c.Constants[1].Name.Name != "Nil" || mv.Name != "Nil" {
			t.Errorf("Nil: %+v", c.Constants[1])
		}
		if c.Symmetry == nil || c.Symmetry.Name != "Perms" || c.Symmetry.Pos != (Pos{5, 10}) {
			t.Errorf("SYMMETRY: %+v", c.Symmetry)
		}
		if nosym := findCase(t, "tla", "model_values_nosym"); nosym.Symmetry != nil {
			t.Errorf("model_values_nosym has SYMMETRY %v", nosym.Symmetry)
		}
	})
	t.Run("bakery_n4", func(t *testing.T) {
		c := findCase(t, "perf", "bakery_n4")
		want := map[string]string{"N": "N = 4", "Rounds": "Rounds = 1"}
		if got := constantMap(c); !reflect.DeepEqual(got, want) {
			t.Errorf("constants: %v", got)
		}
		if r := c.Constants[1]; r.Name.Pos != (Pos{2, 11}) {
			t.Errorf("Rounds at %v", r.Name.Pos)
		}
		if got := names(c.Invariants); !reflect.DeepEqual(got, []string{"MutualExclusion", "TicketBound"}) {
			t.Errorf("invariants: %v", got)
		}
	})
	t.Run("constraints", func(t *testing.T) {
		c := findCase(t, "tla", "constraints")
		if got := names(c.Constraints); !reflect.DeepEqual(got, []string{"StateBound"}) {
			t.Errorf("constraints: %v", got)
		}
		if got := names(c.ActionConstraints); !reflect.DeepEqual(got, []string{"NoClimbFromNegative"}) {
			t.Errorf("action constraints: %v", got)
		}
		if got := names(c.Invariants); !reflect.DeepEqual(got, []string{"Reach"}) {
			t.Errorf("invariants: %v", got)
		}
	})
	t.Run("int_arith", func(t *testing.T) {
		c := findCase(t, "tla", "int_arith")
		if c.Init == nil || c.Init.Name != "Init" || c.Next == nil || c.Next.Name != "Next" || c.Specification != nil {
			t.Errorf("INIT/NEXT: %v %v %v", c.Init, c.Next, c.Specification)
		}
	})
	t.Run("strings_and_deadlock", func(t *testing.T) {
		c := findCase(t, "tla", "func_record_sets")
		if got := constantMap(c)["Keys"]; got != `Keys = {"k1", "k2"}` {
			t.Errorf("Keys: %s", got)
		}
		d := findCase(t, "tla", "deadlock_tla")
		if d.CheckDeadlock == nil || !*d.CheckDeadlock {
			t.Errorf("deadlock_tla CHECK_DEADLOCK: %v", d.CheckDeadlock)
		}
		r := findCase(t, "tla", "recursion")
		if r.CheckDeadlock == nil || *r.CheckDeadlock || r.CheckDeadlockPos != (Pos{3, 16}) {
			t.Errorf("recursion CHECK_DEADLOCK: %v at %v", r.CheckDeadlock, r.CheckDeadlockPos)
		}
		v := findCase(t, "tla", "view_abstraction")
		if v.View == nil || v.View.Name != "Pos" {
			t.Errorf("VIEW: %v", v.View)
		}
	})
	t.Run("repeated_constant_keyword", func(t *testing.T) {
		c := findCase(t, "pluscal", "factorial_rec")
		want := map[string]string{"MaxN": "MaxN = 5", "defaultInitValue": "defaultInitValue = defaultInitValue"}
		if got := constantMap(c); !reflect.DeepEqual(got, want) {
			t.Errorf("constants: %v", got)
		}
	})
}

// nested returns {{...{}...}} with depth pairs of braces.
func nested(depth int) Value {
	v := &Set{Elems: []Value{}}
	for range depth - 1 {
		v = &Set{Elems: []Value{v}}
	}
	return v
}

func boolPtr(b bool) *bool { return &b }

func TestParseVariants(t *testing.T) {
	n := func(s string) *Name { return &Name{Name: s} }
	ns := func(ss ...string) []Name {
		var out []Name
		for _, s := range ss {
			out = append(out, Name{Name: s})
		}
		return out
	}
	mv := func(s string) Value { return &ModelValue{Name: s} }
	num := func(i int64) Value { return &Int{Value: i} }
	set := func(vs ...Value) Value {
		if vs == nil {
			vs = []Value{}
		}
		return &Set{Elems: vs}
	}
	tests := []struct {
		name string
		src  string
		want *Config
	}{
		{"empty", "", &Config{}},
		{"only comments", "\\* nothing\n(* still (* nothing *) here *)\n", &Config{}},
		{"spec", "SPECIFICATION Spec", &Config{Specification: n("Spec")}},
		{"init next", "INIT Init NEXT Next", &Config{Init: n("Init"), Next: n("Next")}},
		{"name on next line", "INIT\n  Init\nNEXT\n\tNext\n", &Config{Init: n("Init"), Next: n("Next")}},
		{"singular and plural accumulate",
			"INVARIANT A\nINVARIANTS B C\n  D\nINVARIANT E\nPROPERTY P PROPERTIES Q R\n",
			&Config{Invariants: ns("A", "B", "C", "D", "E"), Properties: ns("P", "Q", "R")}},
		{"constraints",
			"CONSTRAINT A CONSTRAINTS B\nACTION_CONSTRAINT C\nACTION_CONSTRAINTS D E",
			&Config{Constraints: ns("A", "B"), ActionConstraints: ns("C", "D", "E")}},
		{"empty lists", "INVARIANTS\nPROPERTIES\nCONSTANTS\nSPECIFICATION S", &Config{Specification: n("S")}},
		{"single keywords",
			"SYMMETRY Sym VIEW V ALIAS A POSTCONDITION PC TYPE T TYPE_CONSTRAINT TC",
			&Config{Symmetry: n("Sym"), View: n("V"), Alias: n("A"), Postcondition: n("PC"), Type: n("T"), TypeConstraint: n("TC")}},
		{"check deadlock false", "CHECK_DEADLOCK FALSE", &Config{CheckDeadlock: boolPtr(false)}},
		{"check deadlock true", "CHECK_DEADLOCK\nTRUE", &Config{CheckDeadlock: boolPtr(true)}},
		{"constants on one line", "CONSTANTS N = 3 M = 4",
			&Config{Constants: []Constant{{Name: Name{Name: "N"}, Value: num(3)}, {Name: Name{Name: "M"}, Value: num(4)}}}},
		{"constants spread over lines", "CONSTANTS N\n=\n3\n  M = 0007\n",
			&Config{Constants: []Constant{{Name: Name{Name: "N"}, Value: num(3)}, {Name: Name{Name: "M"}, Value: num(7)}}}},
		{"all value forms",
			`CONSTANT A = 2147483647 B = "a\"b\\c\nd\te" C = TRUE D = FALSE E = e F = {} G = {1, "x", {y, {}}, FALSE}`,
			&Config{Constants: []Constant{
				{Name: Name{Name: "A"}, Value: num(2147483647)},
				{Name: Name{Name: "B"}, Value: &String{Value: "a\"b\\c\nd\te"}},
				{Name: Name{Name: "C"}, Value: &Bool{Value: true}},
				{Name: Name{Name: "D"}, Value: &Bool{Value: false}},
				{Name: Name{Name: "E"}, Value: mv("e")},
				{Name: Name{Name: "F"}, Value: set()},
				{Name: Name{Name: "G"}, Value: set(num(1), &String{Value: "x"}, set(mv("y"), set()), &Bool{Value: false})},
			}}},
		{"model value names", "CONSTANT Nil = Nil Procs = {p_1, _q, 1st}",
			&Config{Constants: []Constant{
				{Name: Name{Name: "Nil"}, Value: mv("Nil")},
				{Name: Name{Name: "Procs"}, Value: set(mv("p_1"), mv("_q"), mv("1st"))},
			}}},
		{"substitutions", "CONSTANTS Low <- MinusThree\nC <- [Inner] Def\nD = [Inner] {a}",
			&Config{Constants: []Constant{
				{Name: Name{Name: "Low"}, Def: n("MinusThree")},
				{Name: Name{Name: "C"}, Module: n("Inner"), Def: n("Def")},
				{Name: Name{Name: "D"}, Module: n("Inner"), Value: set(mv("a"))},
			}}},
		{"operator constant", "CONSTANT F(1, a) = {2} G(x) = y",
			&Config{Constants: []Constant{
				{Name: Name{Name: "F"}, Args: []Value{num(1), mv("a")}, Value: set(num(2))},
				{Name: Name{Name: "G"}, Args: []Value{mv("x")}, Value: mv("y")},
			}}},
		{"comments everywhere",
			"\\* header\nCONSTANTS (* c *) N (* nested (* ( * *) *) = \\* eol\n 3\nSPECIFICATION Spec \\* trailing\n(* INIT Init *)",
			&Config{Constants: []Constant{{Name: Name{Name: "N"}, Value: num(3)}}, Specification: n("Spec")}},
		{"crlf and bom", "\xEF\xBB\xBFSPECIFICATION Spec\r\nINVARIANT Inv\r\n",
			&Config{Specification: n("Spec"), Invariants: ns("Inv")}},
		{"string escapes", `CONSTANT S = "\r\f\t\n\"\\"`,
			&Config{Constants: []Constant{{Name: Name{Name: "S"}, Value: &String{Value: "\r\f\t\n\"\\"}}}}},
		{"deep nesting allowed", "CONSTANT S = " + strings.Repeat("{", 256) + strings.Repeat("}", 256),
			&Config{Constants: []Constant{{Name: Name{Name: "S"}, Value: nested(256)}}}},
		{"string with comment markers", `CONSTANT S = "\\* (* not a comment"`,
			&Config{Constants: []Constant{{Name: Name{Name: "S"}, Value: &String{Value: `\* (* not a comment`}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("t.cfg", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if c.Filename != "t.cfg" {
				t.Errorf("Filename = %q", c.Filename)
			}
			roundTrip(t, c) // clears positions
			if !reflect.DeepEqual(c, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", c, tt.want)
			}
		})
	}
}

func TestPositions(t *testing.T) {
	src := "CONSTANTS\n  N = 3 S = {a, \"b\"}\n  C <- [M] D\n(* x *) INVARIANTS\tI1\n   I2\nCHECK_DEADLOCK FALSE\n"
	c, err := Parse("p.cfg", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s := c.Constants[1].Value.(*Set)
	k := c.Constants[2]
	got := []Pos{
		c.Constants[0].Name.Pos, c.Constants[0].Value.Pos(),
		c.Constants[1].Name.Pos, s.Pos(), s.Elems[0].Pos(), s.Elems[1].Pos(),
		k.Name.Pos, k.Module.Pos, k.Def.Pos,
		c.Invariants[0].Pos, c.Invariants[1].Pos,
		c.CheckDeadlockPos,
	}
	want := []Pos{
		{2, 3}, {2, 7},
		{2, 9}, {2, 13}, {2, 14}, {2, 17},
		{3, 3}, {3, 9}, {3, 12},
		{4, 20}, {5, 4},
		{6, 16},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("positions\n got %v\nwant %v", got, want)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown keyword", "SPECIFICATION Spec\nINVARIANTS A\n  FOO = 3", `t.cfg:3:7: expected an invariant name or a keyword after INVARIANTS, found "="`},
		{"unknown keyword at start", "FOO Bar", `t.cfg:1:1: unknown keyword "FOO"`},
		{"lower-case keyword", "SPECIFICATION Spec\n  init Init", `t.cfg:2:3: unknown keyword "init" (keywords are upper case: INIT)`},
		{"not a keyword", "\n  {a}", `t.cfg:2:3: expected a keyword (CONSTANT, INIT, NEXT, SPECIFICATION, INVARIANT, PROPERTY, ...), found "{"`},
		{"missing value at eof", "CONSTANT N =", `t.cfg:1:13: missing value: found end of file`},
		{"missing value before keyword", "CONSTANT N =\nSPECIFICATION Spec", `t.cfg:2:1: missing value: found keyword SPECIFICATION`},
		{"missing =", "CONSTANTS N 3", `t.cfg:1:13: expected = or <- after constant N, found "3"`},
		{"double equals", "CONSTANTS N == 3", `t.cfg:1:13: expected = or <- after constant N, found "==" (a model file writes C = value, not C == value)`},
		{"negative number", "CONSTANTS\n    Low = -3\n", `t.cfg:2:11: negative number -3: TLC does not accept negative numbers in a model file; define it in the module (e.g. MinusThree == -3) and write C <- MinusThree`},
		{"negative in set", "CONSTANT S = {1, -2}", `t.cfg:1:18: negative number -2: TLC does not accept negative numbers in a model file; define it in the module (e.g. MinusThree == -2) and write C <- MinusThree`},
		{"minus alone", "CONSTANT S = - 2", `t.cfg:1:14: expected a value (number, string, TRUE, FALSE, model value or {set}), found "-"`},
		{"number too large", "CONSTANT N = 2147483648", `t.cfg:1:14: number 2147483648 is too large: TLC accepts integers up to 2147483647 in a model file`},
		{"huge number", "CONSTANT N = 99999999999999999999999", `t.cfg:1:14: number 99999999999999999999999 is too large: TLC accepts integers up to 2147483647 in a model file`},
		{"decimal", "CONSTANT N = 1.5", `t.cfg:1:14: decimal number 1.5...: a TLC model file accepts only integers`},
		{"hex number", "CONSTANT N = \\hFF", `t.cfg:1:14: expected a value (number, string, TRUE, FALSE, model value or {set}), found "\\hFF"`},
		{"tuple", "CONSTANT T = <<1, 2>>", `t.cfg:1:14: tuples are not allowed in a TLC model file; define the value in the module and write C <- Def`},
		{"unterminated string", "CONSTANT S = \"abc\nSPECIFICATION Spec", `t.cfg:1:14: unterminated string`},
		{"unterminated string at eof", `CONSTANT S = "abc\`, `t.cfg:1:14: unterminated string`},
		{"bad escape", `CONSTANT S = "a\qb"`, `t.cfg:1:16: unknown escape \q in string (allowed: \" \\ \n \t \r \f)`},
		{"unterminated comment", "SPECIFICATION Spec\n(* a (* b *)\n", `t.cfg:2:1: unterminated comment: (* has no matching *)`},
		{"unterminated set", "CONSTANT S = {a, b\nSPECIFICATION Spec", `t.cfg:2:1: expected , or } in the set opened at 1:14, found keyword SPECIFICATION`},
		{"set without comma", "CONSTANT S = {a b}", `t.cfg:1:17: expected , or } in the set opened at 1:14, found "b"`},
		{"set trailing comma", "CONSTANT S = {a,}", `t.cfg:1:17: expected a value (number, string, TRUE, FALSE, model value or {set}), found "}"`},
		{"set at eof", "CONSTANT S = {a", `t.cfg:1:16: expected , or } in the set opened at 1:14, found end of file`},
		{"missing init name", "INIT\nNEXT Next", `t.cfg:2:1: missing name after INIT: found keyword NEXT`},
		{"missing spec name at eof", "SPECIFICATION", `t.cfg:1:14: missing name after SPECIFICATION: found end of file`},
		{"spec not a name", "SPECIFICATION 3", `t.cfg:1:15: expected a name after SPECIFICATION, found "3"`},
		{"spec twice", "SPECIFICATION A\nSPECIFICATION B", `t.cfg:2:1: SPECIFICATION given twice (first at 1:15)`},
		{"init twice", "INIT A NEXT B INIT C", `t.cfg:1:15: INIT given twice (first at 1:6)`},
		{"comma in list", "INVARIANTS A, B", `t.cfg:1:13: expected an invariant name or a keyword after INVARIANTS, found "," (names are separated by blanks, not commas)`},
		{"property not a name", "PROPERTY \"P\"", `t.cfg:1:10: expected a property name or a keyword after PROPERTY, found string "P"`},
		{"check deadlock value", "CHECK_DEADLOCK yes", `t.cfg:1:16: CHECK_DEADLOCK expects TRUE or FALSE, found "yes"`},
		{"check deadlock missing", "CHECK_DEADLOCK", `t.cfg:1:15: CHECK_DEADLOCK expects TRUE or FALSE, found end of file`},
		{"check deadlock twice", "CHECK_DEADLOCK TRUE\nCHECK_DEADLOCK FALSE", `t.cfg:2:1: CHECK_DEADLOCK given twice (first at 1:16)`},
		{"substitution target", "CONSTANT C <- 3", `t.cfg:1:15: expected the name of a definition after C <-, found "3"`},
		{"substitution with args", "CONSTANT F(1) <- G", `t.cfg:1:15: the substitution for F takes no arguments: write F <- Def`},
		{"unclosed args", "CONSTANT F(1 = 2", `t.cfg:1:14: expected , or ) in the arguments of F opened at 1:11, found "="`},
		{"module not closed", "CONSTANT C <- [M Def", `t.cfg:1:18: expected ] to close the [ at 1:15, found "Def"`},
		{"module name missing", "CONSTANT C <- [] Def", `t.cfg:1:16: expected a module name after [, found "]"`},
		{"constant named TRUE", "CONSTANT TRUE = 1", `t.cfg:1:10: TRUE cannot be a constant name`},
		{"junk in constants", "CONSTANTS N = 1 , M = 2", `t.cfg:1:17: expected a constant assignment (C = value or C <- Def) or a keyword after CONSTANTS, found ","`},
		{"digits and underscore", "INIT 1_2", `t.cfg:1:6: invalid name "1_2": a name needs at least one letter`},
		{"non-ascii", "INIT Init\nNEXT Nëxt", `t.cfg:2:7: unexpected non-ASCII byte 0xc3`},
		{"control character", "INIT\x00", `t.cfg:1:5: unexpected control character '\x00'`},
		{"comment error after keyword", "INVARIANT (* x", `t.cfg:1:11: unterminated comment: (* has no matching *)`},
		{"string error in set", "CONSTANT S = {\"a}", `t.cfg:1:15: unterminated string`},
		{"nested too deep", "CONSTANT S = " + strings.Repeat("{", 300), `t.cfg:1:270: sets nested more than 256 deep`},
		{"instance operator", "INVARIANT Inst!Inv", `t.cfg:1:15: expected an invariant name or a keyword after INVARIANT, found "!"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("t.cfg", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error; parsed\n%s", c)
			}
			if c != nil {
				t.Errorf("config returned with an error")
			}
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("error %T is not an *Error", err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestErrorWithoutFilename(t *testing.T) {
	_, err := Parse("", []byte("FOO"))
	if err == nil || err.Error() != `1:1: unknown keyword "FOO"` {
		t.Errorf("got %v", err)
	}
}

func TestParseFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.cfg")
	if err := os.WriteFile(path, []byte("INIT Init\nNEXT Nxt\nFOO"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ParseFile(path)
	if err == nil || err.Error() != path+`:3:1: unknown keyword "FOO"` {
		t.Errorf("got %v", err)
	}
	if _, err := ParseFile(filepath.Join(dir, "missing.cfg")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // error lines, in order
	}{
		{"spec only", "SPECIFICATION Spec", nil},
		{"init next", "INIT I NEXT N", nil},
		{"nothing", "", nil},
		{"init without next", "INIT I", []string{"v.cfg:1:6: INIT I is given without NEXT"}},
		{"next without init", "\nNEXT N", []string{"v.cfg:2:6: NEXT N is given without INIT"}},
		{"spec and init next", "INIT I NEXT N SPECIFICATION S",
			[]string{"v.cfg:1:29: SPECIFICATION is given together with INIT/NEXT: give one or the other"}},
		{"duplicate constant", "CONSTANT N = 1\nSPECIFICATION S\nCONSTANT M = 2 N <- D",
			[]string{"v.cfg:3:16: constant N is given twice (first at 1:10)"}},
		{"same name other module or args", "CONSTANT N = 1 N = [M] 2 F(1) = 2 F(2) = 3 F(1) = 4", []string{"v.cfg:1:44: constant F is given twice (first at 1:26)"}},
		{"several", "NEXT N SPECIFICATION S CONSTANT C = 1 C = 2", []string{
			"v.cfg:1:6: NEXT N is given without INIT",
			"v.cfg:1:22: SPECIFICATION is given together with INIT/NEXT: give one or the other",
			"v.cfg:1:39: constant C is given twice (first at 1:33)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("v.cfg", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			err = c.Validate()
			var got []string
			if err != nil {
				got = strings.Split(err.Error(), "\n")
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestString(t *testing.T) {
	src := `CHECK_DEADLOCK FALSE
PROPERTY P
INVARIANTS I1 I2
CONSTANTS N = 3 Low <- MinusThree C <- [M] D S = {a, "b\"", {}} F(1, x) = TRUE
SPECIFICATION Spec
CONSTRAINT Bound
ACTION_CONSTRAINTS A1 A2
SYMMETRY Sym VIEW V ALIAS Al POSTCONDITION Post
`
	want := `CONSTANTS
    N = 3
    Low <- MinusThree
    C <- [M] D
    S = {a, "b\"", {}}
    F(1, x) = TRUE
SPECIFICATION Spec
CONSTRAINT Bound
ACTION_CONSTRAINTS
    A1
    A2
INVARIANTS
    I1
    I2
PROPERTY P
SYMMETRY Sym
VIEW V
ALIAS Al
POSTCONDITION Post
CHECK_DEADLOCK FALSE
`
	c, err := Parse("s.cfg", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := (&Config{}).String(); got != "" {
		t.Errorf("empty config prints %q", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, c := range corpusConfigs(f) {
		src, err := os.ReadFile(c.Config)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("CONSTANTS F(1, {a, \"s\\n\"}) = [M] {TRUE, {}} C <- [M] D\n(* (* *) *) CHECK_DEADLOCK FALSE"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Parse("f.cfg", src)
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) || !perr.Pos.IsValid() || perr.Filename != "f.cfg" || perr.Msg == "" {
				t.Fatalf("bad error %T %v", err, err)
			}
			return
		}
		_ = c.Validate()
		roundTrip(t, c)
	})
}
