package procs

import (
	"errors"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

func TestProcedures(t *testing.T) {
	out := make(chan tla.Value, 20)
	table := resources.NewLocalSharedManager(tla.MakeTuple(tla.MakeString(""), tla.MakeString("")))
	ctx := distsys.NewMPCalContext(tla.MakeString("me"), AProcs,
		distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(out)),
		distsys.EnsureArchetypeRefParam("table", table.MakeLocalShared()),
		distsys.EnsureArchetypeValueParam("init", tla.MakeNumber(4)))
	err := ctx.Run()
	// FallOff ends without return: the archetype stops with ErrProcedureFallthrough.
	if !errors.Is(err, distsys.ErrProcedureFallthrough) {
		t.Fatalf("Run: %v, want ErrProcedureFallthrough", err)
	}
	close(out)
	var got []string
	for v := range out {
		got = append(got, v.String())
	}
	want := []string{
		`<<0, 1, 2, 3>>`,                 // Rec: every frame kept its own local
		`10`,                             // Count: 4 + 3 + 2 + 1 by tail calls
		`<<<<"outer", "me">>, "inner">>`, // Outer -> Middle -> Inner through one forwarded ref
		`<<42, 50>>`,                     // Set(ref local, 21); copy = (init + 1) * 10
		`14`,                             // Set(ref out, 7): a ref parameter forwarded
		`42`,                             // Show(40 + 2, ref out): an expression in a ref parameter
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
