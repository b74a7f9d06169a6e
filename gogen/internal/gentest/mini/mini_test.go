package mini

import (
	"testing"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

// The worked example of mpcal.md §6.9/§7.6, run with plain maps of locals for the inboxes.
func TestMini(t *testing.T) {
	inboxes := map[int32]*distsys.LocalArchetypeResource{}
	inbox := resources.NewIncMap(func(index tla.Value) distsys.ArchetypeResource {
		r := distsys.NewLocalArchetypeResource(tla.MakeNumber(10 * index.AsNumber()))
		inboxes[index.AsNumber()] = r
		return r
	})
	total := resources.NewLocalSharedManager(tla.MakeNumber(100))
	ctx := distsys.NewMPCalContext(tla.MakeNumber(3), AClient,
		distsys.DefineConstantValue("NUM_CLIENTS", tla.MakeNumber(3)),
		distsys.EnsureArchetypeRefParam("inbox", inbox),
		distsys.EnsureArchetypeRefParam("total", total.MakeLocalShared()))
	if err := ctx.Run(); err != nil {
		t.Fatal(err)
	}
	if v, _ := inboxes[0].ReadValue(distsys.ArchetypeInterface{}); !v.Equal(tla.MakeNumber(3)) {
		t.Errorf("inbox[0] = %v, want self", v)
	}
	if got := ctx.IFace().ReadArchetypeResourceLocal("AClient.got"); !got.Equal(tla.MakeNumber(30)) {
		t.Errorf("got = %v, want inbox[self] = 30", got)
	}
	probe := total.MakeLocalShared()
	if v, err := probe.ReadValue(distsys.ArchetypeInterface{}); err != nil || !v.Equal(tla.MakeNumber(130)) {
		t.Errorf("total = %v (%v), want 130", v, err)
	}
	probe.Abort(distsys.ArchetypeInterface{})
	if c := Clients(ctx.IFace()); !c.Equal(tla.ModuleDotDotSymbol(tla.MakeNumber(1), tla.MakeNumber(3))) {
		t.Errorf("Clients = %v", c)
	}
}
