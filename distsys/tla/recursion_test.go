package tla

import "testing"

// RECURSIVE definitions compile to recursive Go functions over Values.
func TestRecursionKeepsWorking(t *testing.T) {
	// Fact(n) == IF n = 0 THEN 1 ELSE n * Fact(n - 1)
	var fact func(n Value) Value
	fact = func(n Value) Value {
		if ModuleEqualsSymbol(n, num(0)).AsBool() {
			return num(1)
		}
		return ModuleAsteriskSymbol(n, fact(ModuleMinusSymbol(n, num(1))))
	}
	expectEqual(t, "Fact(10)", fact(num(10)), num(3628800))
	expectTypeError(t, "Fact(13) overflows", func() { fact(num(13)) })

	// Sum(S) == IF S = {} THEN 0 ELSE LET x == CHOOSE x \in S : TRUE IN x + Sum(S \ {x})
	var sum func(s Value) Value
	sum = func(s Value) Value {
		if s.Equal(set()) {
			return num(0)
		}
		x := Choose(s, func(Value) bool { return true })
		return ModulePlusSymbol(x, sum(ModuleBackslashSymbol(s, set(x))))
	}
	expectEqual(t, "Sum(1..100)", sum(ModuleDotDotSymbol(num(1), num(100))), num(5050))

	// Length(s) == IF s = <<>> THEN 0 ELSE 1 + Length(Tail(s)), 20000 deep:
	// Tail shares storage, so this is linear.
	long := MakeFunction([]Value{ModuleDotDotSymbol(num(1), num(20000))}, func(a []Value) Value { return a[0] })
	var length func(s Value) Value
	length = func(s Value) Value {
		if s.Equal(tup()) {
			return num(0)
		}
		return ModulePlusSymbol(num(1), length(ModuleTail(s)))
	}
	expectEqual(t, "Length(<<1..20000>>)", length(long), num(20000))

	// A recursive function definition f[n \in 0..10] == IF n = 0 THEN 0 ELSE f[n-1] + n,
	// built bottom-up with @@ as generated code may do.
	f := ModuleColonGreaterThanSymbol(num(0), num(0))
	for n := int32(1); n <= 10; n++ {
		f = ModuleDoubleAtSignSymbol(f, ModuleColonGreaterThanSymbol(num(n), ModulePlusSymbol(f.ApplyFunction(num(n-1)), num(n))))
	}
	expectEqual(t, "f[10]", f.ApplyFunction(num(10)), num(55))
	expectEqual(t, "DOMAIN f", ModuleDomainSymbol(f), ModuleDotDotSymbol(num(0), num(10)))
}
