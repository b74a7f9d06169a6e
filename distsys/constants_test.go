package distsys_test

import (
	"testing"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/stretchr/testify/assert"
)

// Clients is what gogen emits for `Clients == 1..NUM_CLIENTS`.
func Clients(iface distsys.ArchetypeInterface) tla.Value {
	return tla.ModuleDotDotSymbol(tla.MakeNumber(1), iface.GetConstant("NUM_CLIENTS")())
}

func TestConstants(t *testing.T) {
	ctx := distsys.NewMPCalContextWithoutArchetype(
		distsys.DefineConstantValue("NUM_CLIENTS", num(3)),
		distsys.EnsureMPCalContextConfigs(
			distsys.DefineConstantOperator("ADD", func(a, b tla.Value) tla.Value { return tla.ModulePlusSymbol(a, b) }),
			distsys.DefineConstantOperator("SUM", func(args ...tla.Value) tla.Value {
				total := tla.MakeNumber(0)
				for _, a := range args {
					total = tla.ModulePlusSymbol(total, a)
				}
				return total
			}),
		),
		// Partly variadic: the first argument is fixed.
		distsys.DefineConstantOperator("MK", func(head tla.Value, rest ...tla.Value) tla.Value {
			return tla.MakeTuple(append([]tla.Value{head}, rest...)...)
		}),
		// Four fixed parameters: adapted by reflection.
		distsys.DefineConstantOperator("F4", func(a, b, c, d tla.Value) tla.Value { return tla.MakeTuple(d, c, b, a) }),
	)
	iface := ctx.IFace()
	assertValue(t, "Clients", Clients(iface), tla.ModuleDotDotSymbol(num(1), num(3)))
	assertValue(t, "ADD", iface.GetConstant("ADD")(num(1), num(2)), num(3))
	assertValue(t, "SUM()", iface.GetConstant("SUM")(), num(0))
	assertValue(t, "SUM", iface.GetConstant("SUM")(num(1), num(2), num(3)), num(6))
	assertValue(t, "MK(1)", iface.GetConstant("MK")(num(1)), tup(num(1)))
	assertValue(t, "MK(1,2,3)", iface.GetConstant("MK")(num(1), num(2), num(3)), tup(num(1), num(2), num(3)))
	assertValue(t, "F4", iface.GetConstant("F4")(num(1), num(2), num(3), num(4)), tup(num(4), num(3), num(2), num(1)))

	// Wrong arities and missing constants panic when used.
	assert.Panics(t, func() { iface.GetConstant("ADD")(num(1)) })
	assert.Panics(t, func() { iface.GetConstant("MK")() })
	assert.Panics(t, func() { iface.GetConstant("F4")(num(1)) })
	assert.Panics(t, func() { iface.GetConstant("NUM_CLIENTS")(num(1)) })
	assert.Panics(t, func() { iface.GetConstant("NOPE") })
}

func TestConstantOperatorTypeChecks(t *testing.T) {
	bad := map[string]interface{}{
		"not a func":       42,
		"nil":              nil,
		"nil func":         (func(tla.Value) tla.Value)(nil),
		"int parameter":    func(int) tla.Value { return tla.Value{} },
		"int result":       func(tla.Value) int { return 0 },
		"two results":      func(tla.Value) (tla.Value, error) { return tla.Value{}, nil },
		"no result":        func(tla.Value) {},
		"variadic of ints": func(tla.Value, ...int) tla.Value { return tla.Value{} },
	}
	for name, defn := range bad {
		assert.Panics(t, func() { distsys.DefineConstantOperator("OP", defn) }, name)
	}
	// A duplicate name panics when the option is applied.
	assert.Panics(t, func() {
		distsys.NewMPCalContextWithoutArchetype(distsys.DefineConstantValue("N", num(1)), distsys.DefineConstantValue("N", num(2)))
	})
}
