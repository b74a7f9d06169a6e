package corpus

import "testing"

func TestCorpusLoads(t *testing.T) {
	for _, g := range []string{"pluscal", "tla", "perf"} {
		cs, err := Cases(g)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) == 0 {
			t.Fatalf("%s: no cases", g)
		}
		for _, c := range cs {
			if c.Expected.Result == "" {
				t.Errorf("%s/%s: no result", g, c.Name)
			}
		}
	}
	tc, err := TranslateCases()
	if err != nil || len(tc) == 0 {
		t.Fatalf("translate cases: %v (%d)", err, len(tc))
	}
	ec, err := ErrorCases()
	if err != nil || len(ec) == 0 {
		t.Fatalf("error cases: %v (%d)", err, len(ec))
	}
	specs, err := AllSpecs()
	if err != nil || len(specs) < 50 {
		t.Fatalf("all specs: %v (%d)", err, len(specs))
	}
}
