package tla

import "math"

// Numbers are int32. DECISION (runtime.md §2.5): overflow panics with
// ErrTLAType, as TLC reports it (PGo wraps around).

func checked(r int64, op string, a, b int32) Value {
	if r < math.MinInt32 || r > math.MaxInt32 {
		typeErrorf("integer overflow: %d %s %d", a, op, b)
	}
	return MakeNumber(int32(r))
}

// ModulePlusSymbol is a + b.
func ModulePlusSymbol(lhs, rhs Value) Value {
	a, b := lhs.AsNumber(), rhs.AsNumber()
	return checked(int64(a)+int64(b), "+", a, b)
}

// ModuleMinusSymbol is a - b.
func ModuleMinusSymbol(lhs, rhs Value) Value {
	a, b := lhs.AsNumber(), rhs.AsNumber()
	return checked(int64(a)-int64(b), "-", a, b)
}

// ModuleAsteriskSymbol is a * b.
func ModuleAsteriskSymbol(lhs, rhs Value) Value {
	a, b := lhs.AsNumber(), rhs.AsNumber()
	return checked(int64(a)*int64(b), "*", a, b)
}

// ModuleNegationSymbol is unary -a.
func ModuleNegationSymbol(v Value) Value {
	a := v.AsNumber()
	if a == math.MinInt32 {
		typeErrorf("integer overflow: -(%d)", a)
	}
	return MakeNumber(-a)
}

// ModuleSuperscriptSymbol is a^b; a negative exponent or an overflow panics.
func ModuleSuperscriptSymbol(lhs, rhs Value) Value {
	a, b := lhs.AsNumber(), rhs.AsNumber()
	if b < 0 {
		typeErrorf("negative exponent: %d^%d", a, b)
	}
	switch a {
	case 0:
		if b == 0 {
			return MakeNumber(1)
		}
		return MakeNumber(0)
	case 1:
		return MakeNumber(1)
	case -1:
		if b%2 == 0 {
			return MakeNumber(1)
		}
		return MakeNumber(-1)
	}
	// |a| ≥ 2: any exponent beyond 31 overflows, so a plain loop is short.
	r := int64(1)
	for i := int32(0); i < b; i++ {
		r *= int64(a)
		if r < math.MinInt32 || r > math.MaxInt32 {
			typeErrorf("integer overflow: %d^%d", a, b)
		}
	}
	return MakeNumber(int32(r))
}

// ModuleDivSymbol is a \div b, rounding toward negative infinity (DECISION:
// -7 \div 2 = -4; PGo truncates). Division by 0 and MinInt32 \div -1 panic.
func ModuleDivSymbol(lhs, rhs Value) Value {
	a, b := lhs.AsNumber(), rhs.AsNumber()
	if b == 0 {
		typeErrorf("division by zero: %d \\div 0", a)
	}
	if a == math.MinInt32 && b == -1 {
		typeErrorf("integer overflow: %d \\div %d", a, b)
	}
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return MakeNumber(q)
}

// ModulePercentSymbol is a % b with the result in 0..b-1 (DECISION: -7 % 2 =
// 1; PGo gives -1); a divisor ≤ 0 panics.
func ModulePercentSymbol(lhs, rhs Value) Value {
	a, b := lhs.AsNumber(), rhs.AsNumber()
	if b <= 0 {
		typeErrorf("modulus by a non-positive number: %d %% %d", a, b)
	}
	r := a % b
	if r < 0 {
		r += b
	}
	return MakeNumber(r)
}

// ModuleLessThanSymbol is a < b.
func ModuleLessThanSymbol(lhs, rhs Value) Value { return MakeBool(lhs.AsNumber() < rhs.AsNumber()) }

// ModuleLessThanOrEqualSymbol is a =< b.
func ModuleLessThanOrEqualSymbol(lhs, rhs Value) Value {
	return MakeBool(lhs.AsNumber() <= rhs.AsNumber())
}

// ModuleGreaterThanSymbol is a > b.
func ModuleGreaterThanSymbol(lhs, rhs Value) Value { return MakeBool(lhs.AsNumber() > rhs.AsNumber()) }

// ModuleGreaterThanOrEqualSymbol is a >= b.
func ModuleGreaterThanOrEqualSymbol(lhs, rhs Value) Value {
	return MakeBool(lhs.AsNumber() >= rhs.AsNumber())
}
