package tla

import "testing"

// bag builds a bag from alternating elements and counts.
func bag(kv ...Value) Value { return fn(kv...) }

func TestBags(t *testing.T) {
	a, b, c := str("a"), str("b"), str("c")
	b1 := bag(a, num(2), b, num(1))
	b2 := bag(a, num(1), c, num(3))
	expectBool(t, "IsABag(b1)", ModuleIsABag(b1), true)
	expectBool(t, "IsABag(EmptyBag)", ModuleIsABag(ModuleEmptyBag), true)
	expectBool(t, "IsABag([a |-> 0])", ModuleIsABag(bag(a, num(0))), false)
	expectBool(t, "IsABag([a |-> \"x\"])", ModuleIsABag(bag(a, str("x"))), false)
	expectBool(t, "IsABag({})", ModuleIsABag(set()), false)
	expectBool(t, "IsABag(<<1, 2>>)", ModuleIsABag(tup(num(1), num(2))), true)
	expectEqual(t, "BagToSet", ModuleBagToSet(b1), set(a, b))
	expectEqual(t, "SetToBag", ModuleSetToBag(set(a, b)), bag(a, num(1), b, num(1)))
	expectEqual(t, "SetToBag({})", ModuleSetToBag(set()), ModuleEmptyBag)
	expectBool(t, "BagIn(a, b1)", ModuleBagIn(a, b1), true)
	expectBool(t, "BagIn(c, b1)", ModuleBagIn(c, b1), false)
	expectEqual(t, "CopiesIn(a, b1)", ModuleCopiesIn(a, b1), num(2))
	expectEqual(t, "CopiesIn(c, b1)", ModuleCopiesIn(c, b1), num(0))
	expectEqual(t, "b1 (+) b2", ModuleOPlusSymbol(b1, b2), bag(a, num(3), b, num(1), c, num(3)))
	expectEqual(t, "b1 (+) EmptyBag", ModuleOPlusSymbol(b1, ModuleEmptyBag), b1)
	// (-) drops elements whose count reaches 0 (or would go below).
	expectEqual(t, "b1 (-) b2", ModuleOMinusSymbol(b1, b2), bag(a, num(1), b, num(1)))
	expectEqual(t, "b1 (-) b1", ModuleOMinusSymbol(b1, b1), ModuleEmptyBag)
	expectEqual(t, "b2 (-) b1", ModuleOMinusSymbol(b2, b1), bag(c, num(3)))
	expectEqual(t, "[a|->1] (-) [a|->5]", ModuleOMinusSymbol(bag(a, num(1)), bag(a, num(5))), ModuleEmptyBag)
	expectEqual(t, "BagUnion", ModuleBagUnion(set(b1, b2, bag(b, num(4)))), bag(a, num(3), b, num(5), c, num(3)))
	expectEqual(t, "BagUnion({})", ModuleBagUnion(set()), ModuleEmptyBag)
	expectBool(t, "b1 \\sqsubseteq b1 (+) b2", ModuleSquareSubsetOrEqualSymbol(b1, ModuleOPlusSymbol(b1, b2)), true)
	expectBool(t, "b1 \\sqsubseteq b2", ModuleSquareSubsetOrEqualSymbol(b1, b2), false)
	expectBool(t, "[a|->3] \\sqsubseteq b1", ModuleSquareSubsetOrEqualSymbol(bag(a, num(3)), b1), false)
	expectBool(t, "EmptyBag \\sqsubseteq b1", ModuleSquareSubsetOrEqualSymbol(ModuleEmptyBag, b1), true)
	sub := ModuleSubBag(b1)
	want := set(ModuleEmptyBag, bag(a, num(1)), bag(a, num(2)), bag(b, num(1)), bag(a, num(1), b, num(1)), bag(a, num(2), b, num(1)))
	expectEqual(t, "SubBag(b1)", sub, want)
	expectBool(t, "every SubBag is \\sqsubseteq", QuantifiedUniversal([]Value{sub}, func(x []Value) bool {
		return ModuleSquareSubsetOrEqualSymbol(x[0], b1).AsBool()
	}), true)
	expectEqual(t, "BagCardinality(b1)", ModuleBagCardinality(b1), num(3))
	expectEqual(t, "BagCardinality(EmptyBag)", ModuleBagCardinality(ModuleEmptyBag), num(0))
	// BagOfAll sums the copies of elements with the same image.
	nb := bag(num(1), num(2), num(2), num(1), num(3), num(4))
	parity := BagOfAll(func(x Value) Value { return ModulePercentSymbol(x, num(2)) }, nb)
	expectEqual(t, "BagOfAll(x % 2)", parity, bag(num(0), num(1), num(1), num(6)))
	expectEqual(t, "BagOfAll(id)", BagOfAll(func(x Value) Value { return x }, b1), b1)
	for name, f := range map[string]func(){
		"(+) with a set":        func() { ModuleOPlusSymbol(b1, set()) },
		"(-) with a non-bag":    func() { ModuleOMinusSymbol(b1, bag(a, num(-1))) },
		"CopiesIn in a set":     func() { ModuleCopiesIn(a, set(a)) },
		"BagCardinality(1)":     func() { ModuleBagCardinality(num(1)) },
		"SubBag([a |-> \"x\"])": func() { ModuleSubBag(bag(a, str("x"))) },
	} {
		expectTypeError(t, name, f)
	}
}
