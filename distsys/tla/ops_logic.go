package tla

// Arity-0 builtins are package variables (never reassigned).
var (
	ModuleTRUE             = MakeBool(true)
	ModuleFALSE            = MakeBool(false)
	ModuleBOOLEAN          = MakeSet(ModuleFALSE, ModuleTRUE)
	ModuledefaultInitValue = Value{}
	ModuleZero             = MakeNumber(0) // Peano's Zero
)

// ModuleLogicalNotSymbol is ~b.
func ModuleLogicalNotSymbol(v Value) Value { return MakeBool(!v.AsBool()) }

// ModuleEquivSymbol is a <=> b.
func ModuleEquivSymbol(lhs, rhs Value) Value { return MakeBool(lhs.AsBool() == rhs.AsBool()) }

// ModuleEqualsSymbol is a = b (structural; different kinds are unequal).
func ModuleEqualsSymbol(lhs, rhs Value) Value { return MakeBool(lhs.Equal(rhs)) }

// ModuleNotEqualsSymbol is a /= b.
func ModuleNotEqualsSymbol(lhs, rhs Value) Value { return MakeBool(!lhs.Equal(rhs)) }

// ModuleAssert is TLC's Assert: TRUE, or a panic wrapping ErrTLAType that
// carries the message.
func ModuleAssert(cond, msg Value) Value {
	if !cond.AsBool() {
		typeErrorf("assertion failed: %s", describe(msg))
	}
	return ModuleTRUE
}

// ModuleToString is TLC's ToString: MakeString(v.String()), so
// ToString("foo") is "\"foo\"".
func ModuleToString(v Value) Value { return MakeString(v.String()) }

// init fills the lazy caches of the shared package-level values, so nothing
// package-level is written after start-up.
func init() {
	for _, v := range []Value{{emptyTuple}, {emptySet}, ModuleBOOLEAN} {
		v.Fingerprint()
	}
	Value{emptySet}.AsSet()
	ModuleBOOLEAN.AsSet()
	Value{emptyTuple}.AsTuple()
}
