package modelcheck

import (
	"math/rand/v2"
	"time"

	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// builtin is an operator of a standard module (Naturals, Integers,
// Sequences, FiniteSets, Bags, TLC), implemented by distsys/tla.
type builtin struct {
	name    string
	arity   int
	val     tla.Value // arity 0
	fn1     func(a tla.Value) tla.Value
	fn2     func(a, b tla.Value) tla.Value
	fn3     func(a, b, c tla.Value) tla.Value
	special func(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr
	impure  bool
}

// builtins maps names and canonical operator symbols (token.Canonical) to
// the standard modules' operators. User definitions shadow them.
var builtins map[string]*builtin

// init fills builtins; an initializer expression would form an
// initialization cycle (the special forms call the compiler).
func init() { builtins = makeBuiltins() }

func makeBuiltins() map[string]*builtin {
	t := map[string]*builtin{}
	c := func(name string, v tla.Value) { t[name] = &builtin{name: name, val: v} }
	f1 := func(name string, f func(a tla.Value) tla.Value) { t[name] = &builtin{name: name, arity: 1, fn1: f} }
	f2 := func(name string, f func(a, b tla.Value) tla.Value) { t[name] = &builtin{name: name, arity: 2, fn2: f} }
	sp := func(name string, arity int, impure bool, f func(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr) {
		t[name] = &builtin{name: name, arity: arity, special: f, impure: impure}
	}

	c("TRUE", tla.ModuleTRUE)
	c("FALSE", tla.ModuleFALSE)
	c("BOOLEAN", tla.ModuleBOOLEAN)
	c("Nat", tla.ModuleNat)
	c("Int", tla.ModuleInt)
	c("STRING", tla.ModuleSTRING)
	c("EmptyBag", tla.ModuleEmptyBag)

	// Naturals, Integers
	f2("+", tla.ModulePlusSymbol)
	f2("-", tla.ModuleMinusSymbol)
	f2("*", tla.ModuleAsteriskSymbol)
	f2(`\div`, tla.ModuleDivSymbol)
	f2("%", tla.ModulePercentSymbol)
	f2("^", tla.ModuleSuperscriptSymbol)
	f2("<", tla.ModuleLessThanSymbol)
	f2(">", tla.ModuleGreaterThanSymbol)
	f2("<=", tla.ModuleLessThanOrEqualSymbol)
	f2(">=", tla.ModuleGreaterThanOrEqualSymbol)
	f2("..", tla.ModuleDotDotSymbol)
	f1("-.", tla.ModuleNegationSymbol)

	// Logic and sets
	f2("=", func(a, b tla.Value) tla.Value { return tla.MakeBool(a.Equal(b)) })
	f2("/=", func(a, b tla.Value) tla.Value { return tla.MakeBool(!a.Equal(b)) })
	f1("~", tla.ModuleLogicalNotSymbol)
	f2(`\in`, tla.ModuleInSymbol)
	f2(`\notin`, tla.ModuleNotInSymbol)
	f2(`\subseteq`, tla.ModuleSubsetOrEqualSymbol)
	f2(`\supseteq`, func(a, b tla.Value) tla.Value { return tla.ModuleSubsetOrEqualSymbol(b, a) })
	f2(`\subset`, func(a, b tla.Value) tla.Value {
		return tla.MakeBool(tla.ModuleSubsetOrEqualSymbol(a, b).AsBool() && !a.Equal(b))
	})
	f2(`\supset`, func(a, b tla.Value) tla.Value {
		return tla.MakeBool(tla.ModuleSubsetOrEqualSymbol(b, a).AsBool() && !a.Equal(b))
	})
	f2(`\cup`, tla.ModuleUnionSymbol)
	f2(`\cap`, tla.ModuleIntersectSymbol)
	f2(`\`, tla.ModuleBackslashSymbol)
	f1("SUBSET", tla.ModulePrefixSubsetSymbol)
	f1("UNION", tla.ModulePrefixUnionSymbol)
	f1("DOMAIN", tla.ModuleDomainSymbol)

	// Sequences
	f1("Len", tla.ModuleLen)
	f2("Append", tla.ModuleAppend)
	f1("Head", tla.ModuleHead)
	f1("Tail", tla.ModuleTail)
	f2(`\o`, concat)
	f1("Seq", tla.ModuleSeq)
	t["SubSeq"] = &builtin{name: "SubSeq", arity: 3, fn3: tla.ModuleSubSeq}
	sp("SelectSeq", 2, false, func(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
		s := m.expr(args[0], e)
		test := m.opArg(args[1], 1, e).call(m, e, pos)
		return cexpr{fn: func(c *ctx) tla.Value {
			sv := s.fn(c)
			c.pos = pos
			return tla.SelectSeq(sv, func(v tla.Value) bool {
				return m.asBool(c, test(c, []tla.Value{v}), pos)
			})
		}, impure: s.impure}
	})

	// FiniteSets
	f1("Cardinality", tla.ModuleCardinality)
	f1("IsFiniteSet", tla.ModuleIsFiniteSet)

	// Bags
	f1("IsABag", tla.ModuleIsABag)
	f1("BagToSet", tla.ModuleBagToSet)
	f1("SetToBag", tla.ModuleSetToBag)
	f2("BagIn", tla.ModuleBagIn)
	f2("CopiesIn", tla.ModuleCopiesIn)
	f2("(+)", tla.ModuleOPlusSymbol)
	f2("(-)", tla.ModuleOMinusSymbol)
	f1("BagUnion", tla.ModuleBagUnion)
	f2(`\sqsubseteq`, tla.ModuleSquareSubsetOrEqualSymbol)
	f1("SubBag", tla.ModuleSubBag)
	f1("BagCardinality", tla.ModuleBagCardinality)
	sp("BagOfAll", 2, false, func(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
		f := m.opArg(args[0], 1, e).call(m, e, pos)
		b := m.expr(args[1], e)
		return cexpr{fn: func(c *ctx) tla.Value {
			bv := b.fn(c)
			c.pos = pos
			return tla.BagOfAll(func(v tla.Value) tla.Value { return f(c, []tla.Value{v}) }, bv)
		}, impure: b.impure}
	})

	// TLC
	f2(":>", tla.ModuleColonGreaterThanSymbol)
	f2("@@", tla.ModuleDoubleAtSignSymbol)
	f1("Permutations", tla.ModulePermutations)
	f1("ToString", func(v tla.Value) tla.Value { return tla.MakeString(v.TLCString()) })
	f1("TLCEval", func(v tla.Value) tla.Value { return v })
	sp("SortSeq", 2, false, func(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
		s := m.expr(args[0], e)
		less := m.opArg(args[1], 2, e).call(m, e, pos)
		return cexpr{fn: func(c *ctx) tla.Value {
			sv := s.fn(c)
			c.pos = pos
			return tla.SortSeq(sv, func(a, b tla.Value) bool {
				return m.asBool(c, less(c, []tla.Value{a, b}), pos)
			})
		}, impure: s.impure}
	})
	sp("Print", 2, true, func(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
		out, val := m.expr(args[0], e), m.expr(args[1], e)
		return cexpr{fn: func(c *ctx) tla.Value {
			o, v := out.fn(c), val.fn(c)
			if !c.quiet {
				m.print(o.TLCString() + "  " + v.TLCString())
			}
			return v
		}, impure: true}
	})
	sp("PrintT", 1, true, func(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
		out := m.expr(args[0], e)
		return cexpr{fn: func(c *ctx) tla.Value {
			v := out.fn(c)
			if !c.quiet {
				m.print(v.TLCString())
			}
			return tla.ModuleTRUE
		}, impure: true}
	})
	sp("Assert", 2, false, func(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
		cond, msg := m.expr(args[0], e), m.expr(args[1], e)
		p0 := args[0].Pos()
		return cexpr{fn: func(c *ctx) tla.Value {
			if !m.asBool(c, cond.fn(c), p0) {
				panic(&assertPanic{pos: pos, msg: msg.fn(c)})
			}
			return tla.ModuleTRUE
		}, impure: cond.impure || msg.impure}
	})
	sp("TLCSet", 2, true, func(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
		idx, val := m.expr(args[0], e), m.expr(args[1], e)
		return cexpr{fn: func(c *ctx) tla.Value {
			i, v := idx.fn(c), val.fn(c)
			if !i.IsNumber() || i.AsNumber() < 0 || i.AsNumber() > 1<<16 {
				evalErrorf(pos, "TLCSet: the first argument must be a natural number, got %s", truncate(i.TLCString()))
			}
			n := int(i.AsNumber())
			for len(c.regs) <= n {
				c.regs = append(c.regs, tla.Value{})
			}
			c.regs[n] = v
			return tla.ModuleTRUE
		}, impure: true}
	})
	sp("TLCGet", 1, true, func(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
		idx := m.expr(args[0], e)
		return cexpr{fn: func(c *ctx) tla.Value {
			i := idx.fn(c)
			switch {
			case i.IsNumber():
				n := int(i.AsNumber())
				if n < 0 || n >= len(c.regs) {
					evalErrorf(pos, "TLCGet(%d): no value was set with TLCSet", n)
				}
				return c.regs[n]
			case i.IsString() && i.AsString() == "level":
				return tla.MakeNumber(int32(c.depth))
			}
			evalErrorf(pos, "TLCGet(%s) is not supported", truncate(i.TLCString()))
			return tla.Value{}
		}, impure: true}
	})
	sp("JavaTime", 0, true, func(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
		return cexpr{fn: func(c *ctx) tla.Value { return tla.MakeNumber(int32(time.Now().Unix() & 0x7fffffff)) }, impure: true}
	})
	sp("RandomElement", 1, true, func(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
		s := m.expr(args[0], e)
		return cexpr{fn: func(c *ctx) tla.Value {
			elems := elements(c, s.fn(c), pos)
			if len(elems) == 0 {
				evalErrorf(pos, "RandomElement of the empty set")
			}
			return elems[rand.IntN(len(elems))]
		}, impure: true}
	})
	// TLCExt
	f2("AssertEq", func(a, b tla.Value) tla.Value { return tla.MakeBool(a.Equal(b)) })
	return t
}

// applyBuiltin compiles the application of a standard operator.
func (m *model) applyBuiltin(bi *builtin, args []ast.Expr, pos token.Pos, e *env) cexpr {
	if len(args) != bi.arity {
		if bi.arity == 0 {
			m.failf(pos, "%s takes no arguments", bi.name)
		}
		m.failf(pos, "The operator %s requires %d arguments", bi.name, bi.arity)
	}
	if bi.special != nil {
		return bi.special(m, e, args, pos)
	}
	switch bi.arity {
	case 0:
		return constant(bi.val)
	case 1:
		a := m.expr(args[0], e)
		f := bi.fn1
		af := a.fn
		return m.fold([]cexpr{a}, func(c *ctx) tla.Value {
			v := af(c)
			c.pos = pos
			return f(v)
		})
	case 2:
		a, b := m.expr(args[0], e), m.expr(args[1], e)
		return m.fold([]cexpr{a, b}, m.binary(bi, a, b, pos))
	case 3:
		a, b, d := m.expr(args[0], e), m.expr(args[1], e), m.expr(args[2], e)
		f := bi.fn3
		return m.fold([]cexpr{a, b, d}, func(c *ctx) tla.Value {
			x, y, z := a.fn(c), b.fn(c), d.fn(c)
			c.pos = pos
			return f(x, y, z)
		})
	}
	m.failf(pos, "bad builtin %s", bi.name)
	return cexpr{}
}

// binary specializes common binary operators with a constant operand.
func (m *model) binary(bi *builtin, a, b cexpr, pos token.Pos) evalFn {
	af, bf, f := a.fn, b.fn, bi.fn2
	switch bi.name {
	case "=":
		if b.isConst {
			bv := b.val
			return func(c *ctx) tla.Value { return tla.MakeBool(af(c).Equal(bv)) }
		}
		return func(c *ctx) tla.Value { return tla.MakeBool(af(c).Equal(bf(c))) }
	case "/=":
		if b.isConst {
			bv := b.val
			return func(c *ctx) tla.Value { return tla.MakeBool(!af(c).Equal(bv)) }
		}
		return func(c *ctx) tla.Value { return tla.MakeBool(!af(c).Equal(bf(c))) }
	}
	if b.isConst {
		bv := b.val
		return func(c *ctx) tla.Value {
			x := af(c)
			c.pos = pos
			return f(x, bv)
		}
	}
	return func(c *ctx) tla.Value {
		x := af(c)
		y := bf(c)
		c.pos = pos
		return f(x, y)
	}
}

// concat is \o: sequences, and also strings as TLC allows.
func concat(a, b tla.Value) tla.Value {
	if a.IsString() && b.IsString() {
		return tla.MakeString(a.AsString() + b.AsString())
	}
	return tla.ModuleOSymbol(a, b)
}
