package tla

import (
	"math"
	"strings"
	"testing"
)

func TestArithmetic(t *testing.T) {
	type binop func(Value, Value) Value
	cases := []struct {
		name string
		op   binop
		a, b int32
		want int32
	}{
		{"1+2", ModulePlusSymbol, 1, 2, 3},
		{"-5+3", ModulePlusSymbol, -5, 3, -2},
		{"MaxInt32+0", ModulePlusSymbol, math.MaxInt32, 0, math.MaxInt32},
		{"5-7", ModuleMinusSymbol, 5, 7, -2},
		{"MinInt32-0", ModuleMinusSymbol, math.MinInt32, 0, math.MinInt32},
		{"6*7", ModuleAsteriskSymbol, 6, 7, 42},
		{"-6*7", ModuleAsteriskSymbol, -6, 7, -42},
		{"46340*46340", ModuleAsteriskSymbol, 46340, 46340, 2147395600},
		{"2^10", ModuleSuperscriptSymbol, 2, 10, 1024},
		{"2^30", ModuleSuperscriptSymbol, 2, 30, 1 << 30},
		{"-2^31", ModuleSuperscriptSymbol, -2, 31, math.MinInt32},
		{"0^0", ModuleSuperscriptSymbol, 0, 0, 1},
		{"0^5", ModuleSuperscriptSymbol, 0, 5, 0},
		{"1^1000000", ModuleSuperscriptSymbol, 1, 1000000, 1},
		{"-1^1000001", ModuleSuperscriptSymbol, -1, 1000001, -1},
		{"-1^1000000", ModuleSuperscriptSymbol, -1, 1000000, 1},
		{"7^0", ModuleSuperscriptSymbol, 7, 0, 1},
		{"7 div 2", ModuleDivSymbol, 7, 2, 3},
		{"-7 div 2", ModuleDivSymbol, -7, 2, -4},
		{"7 div -2", ModuleDivSymbol, 7, -2, -4},
		{"-7 div -2", ModuleDivSymbol, -7, -2, 3},
		{"-8 div 2", ModuleDivSymbol, -8, 2, -4},
		{"MinInt32 div 1", ModuleDivSymbol, math.MinInt32, 1, math.MinInt32},
		{"7 % 2", ModulePercentSymbol, 7, 2, 1},
		{"-7 % 2", ModulePercentSymbol, -7, 2, 1},
		{"82 % 39", ModulePercentSymbol, 82, 39, 4},
		{"-82 % 39", ModulePercentSymbol, -82, 39, 35},
		{"-8 % 4", ModulePercentSymbol, -8, 4, 0},
		{"MinInt32 % 7", ModulePercentSymbol, math.MinInt32, 7, 5}, // -2^31 = 7*(-306783379) + 5
	}
	for _, c := range cases {
		got := c.op(MakeNumber(c.a), MakeNumber(c.b))
		if !got.IsNumber() || got.AsNumber() != c.want {
			t.Errorf("%s = %s, want %d", c.name, got, c.want)
		}
	}
	// \div and % agree: a = b * (a \div b) + a % b for positive b.
	for a := int32(-20); a <= 20; a++ {
		for b := int32(1); b <= 7; b++ {
			q := ModuleDivSymbol(num(a), num(b)).AsNumber()
			r := ModulePercentSymbol(num(a), num(b)).AsNumber()
			if b*q+r != a || r < 0 || r >= b {
				t.Errorf("%d div %d = %d, %d %% %d = %d: inconsistent", a, b, q, a, b, r)
			}
		}
	}
}

func TestArithmeticErrors(t *testing.T) {
	cases := []struct {
		name string
		f    func() Value
	}{
		{"MaxInt32+1", func() Value { return ModulePlusSymbol(num(math.MaxInt32), num(1)) }},
		{"MinInt32-1", func() Value { return ModuleMinusSymbol(num(math.MinInt32), num(1)) }},
		{"65536*65536", func() Value { return ModuleAsteriskSymbol(num(65536), num(65536)) }},
		{"-MinInt32", func() Value { return ModuleNegationSymbol(num(math.MinInt32)) }},
		{"48^37", func() Value { return ModuleSuperscriptSymbol(num(48), num(37)) }},
		{"2^31", func() Value { return ModuleSuperscriptSymbol(num(2), num(31)) }},
		{"2^-1", func() Value { return ModuleSuperscriptSymbol(num(2), num(-1)) }},
		{"1 div 0", func() Value { return ModuleDivSymbol(num(1), num(0)) }},
		{"MinInt32 div -1", func() Value { return ModuleDivSymbol(num(math.MinInt32), num(-1)) }},
		{"82 % -39", func() Value { return ModulePercentSymbol(num(82), num(-39)) }},
		{"1 % 0", func() Value { return ModulePercentSymbol(num(1), num(0)) }},
		{"1 + TRUE", func() Value { return ModulePlusSymbol(num(1), ModuleTRUE) }},
		{`"a" < 1`, func() Value { return ModuleLessThanSymbol(str("a"), num(1)) }},
		{"-{}", func() Value { return ModuleNegationSymbol(set()) }},
	}
	for _, c := range cases {
		expectTypeError(t, c.name, func() { c.f() })
	}
}

func TestNegationAndComparisons(t *testing.T) {
	expectEqual(t, "-5", ModuleNegationSymbol(num(5)), num(-5))
	expectEqual(t, "-(-MaxInt32)", ModuleNegationSymbol(num(-math.MaxInt32)), num(math.MaxInt32))
	cmps := []struct {
		name string
		op   func(Value, Value) Value
		a, b int32
		want bool
	}{
		{"1<2", ModuleLessThanSymbol, 1, 2, true},
		{"2<2", ModuleLessThanSymbol, 2, 2, false},
		{"2=<2", ModuleLessThanOrEqualSymbol, 2, 2, true},
		{"3=<2", ModuleLessThanOrEqualSymbol, 3, 2, false},
		{"3>2", ModuleGreaterThanSymbol, 3, 2, true},
		{"-3>2", ModuleGreaterThanSymbol, -3, 2, false},
		{"2>=2", ModuleGreaterThanOrEqualSymbol, 2, 2, true},
		{"1>=2", ModuleGreaterThanOrEqualSymbol, 1, 2, false},
	}
	for _, c := range cmps {
		expectBool(t, c.name, c.op(num(c.a), num(c.b)), c.want)
	}
}

func TestNumbersOutsidePreallocatedRange(t *testing.T) {
	for _, n := range []int32{smallNumMin - 1, smallNumMin, smallNumMax - 1, smallNumMax, math.MaxInt32, math.MinInt32} {
		v := MakeNumber(n)
		if v.AsNumber() != n || !v.Equal(MakeNumber(n)) || v.Fingerprint() != MakeNumber(n).Fingerprint() {
			t.Errorf("MakeNumber(%d) round trip failed: %s", n, v)
		}
	}
}

func TestLogic(t *testing.T) {
	expectBool(t, "~TRUE", ModuleLogicalNotSymbol(ModuleTRUE), false)
	expectBool(t, "~FALSE", ModuleLogicalNotSymbol(ModuleFALSE), true)
	expectBool(t, "TRUE <=> TRUE", ModuleEquivSymbol(ModuleTRUE, ModuleTRUE), true)
	expectBool(t, "TRUE <=> FALSE", ModuleEquivSymbol(ModuleTRUE, ModuleFALSE), false)
	expectBool(t, "FALSE <=> FALSE", ModuleEquivSymbol(ModuleFALSE, ModuleFALSE), true)
	expectBool(t, "1 = 1", ModuleEqualsSymbol(num(1), num(1)), true)
	expectBool(t, `1 = "1"`, ModuleEqualsSymbol(num(1), str("1")), false)
	expectBool(t, "{1,2} = {2,1}", ModuleEqualsSymbol(set(num(1), num(2)), set(num(2), num(1))), true)
	expectBool(t, "1 /= 2", ModuleNotEqualsSymbol(num(1), num(2)), true)
	expectBool(t, "<<>> /= {}", ModuleNotEqualsSymbol(tup(), set()), true)
	expectTypeError(t, "~1", func() { ModuleLogicalNotSymbol(num(1)) })
	expectTypeError(t, "1 <=> TRUE", func() { ModuleEquivSymbol(num(1), ModuleTRUE) })
	expectBool(t, "Assert(TRUE)", ModuleAssert(ModuleTRUE, str("msg")), true)
	err := catch(func() { ModuleAssert(ModuleFALSE, str("boom")) })
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("failed Assert: %v, want an error mentioning the message", err)
	}
	expectTypeError(t, "Assert(FALSE)", func() { ModuleAssert(ModuleFALSE, str("boom")) })
	if !MakeBool(true).Equal(ModuleTRUE) || MakeBool(true).data != ModuleTRUE.data {
		t.Error("MakeBool(true) must return the shared ModuleTRUE")
	}
	expectEqual(t, "Zero", ModuleZero, num(0))
}
