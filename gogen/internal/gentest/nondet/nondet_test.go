package nondet

import (
	"strings"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

// Every label needs one particular combination of choices; retrying the blocked section
// must find it, and the run must complete within 5 s as in PGo's test.
func TestExploration(t *testing.T) {
	for range 5 { // the fairness counters start at random positions: try a few runs
		out := make(chan tla.Value, 20)
		ctx := distsys.NewMPCalContext(tla.MakeNumber(1), ACoverage,
			distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(out)))
		done := make(chan error, 1)
		go func() { done <- ctx.Run() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			ctx.Stop()
			t.Fatal("exploration did not complete within 5s")
		}
		close(out)
		var got []string
		for v := range out {
			got = append(got, v.String())
		}
		want := []string{`<<1, 1>>`, `<<1, 2>>`, `<<2, 1>>`, `<<2, 2>>`, `<<2, 1>>`, `<<1, 2>>`, `"second"`,
			`{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}`}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("outputs %v, want %v", got, want)
		}
	}
}
