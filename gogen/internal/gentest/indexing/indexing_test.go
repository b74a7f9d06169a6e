package indexing

import (
	"strings"
	"testing"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

func TestIndexing(t *testing.T) {
	out := make(chan tla.Value, 10)
	// grid[i][j] and net[i] are maps of local resources created on first use
	grid := resources.NewIncMap(func(tla.Value) distsys.ArchetypeResource {
		return resources.NewIncMap(func(tla.Value) distsys.ArchetypeResource {
			return distsys.NewLocalArchetypeResource(tla.MakeNumber(0))
		})
	})
	net := resources.NewIncMap(func(tla.Value) distsys.ArchetypeResource {
		return distsys.NewLocalArchetypeResource(tla.Value{})
	})
	ctx := distsys.NewMPCalContext(tla.MakeNumber(1), AIndex,
		distsys.EnsureArchetypeRefParam("grid", grid),
		distsys.EnsureArchetypeRefParam("net", net),
		distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(out)))
	if err := ctx.Run(); err != nil {
		t.Fatal(err)
	}
	close(out)
	var got []string
	for v := range out {
		got = append(got, v.String())
	}
	want := []string{
		// m[1][2] := 5; m[2] := <<10, 20>>; r.a[2] := 20; m[1][1] := m[2][2] + r.a[1] = 21
		`<<<<<<21, 5>>, <<10, 20>>>>, (("a") :> (<<1, 20>>)), 25, 20>>`,
		`<<7, 8>>`,           // grid[1][2] := 7; grid[2][1] := 8
		`<<"pair", "pair">>`, // net[1, 2] and net[<<2, 1>>] address net with a tuple
		`15`,                 // grid[1][2] + grid[2][1]
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
