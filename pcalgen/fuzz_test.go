package pcalgen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzPcalgen compiles arbitrary modules: it must never panic, and an internal error (a
// recovered panic) is a failure too.
func FuzzPcalgen(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.tla"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(tinyModule(miniBlock, goodMarkers)))
	f.Add([]byte(tinyModule(miniBlock, "")))
	f.Add([]byte(tinyModule("(* --mpcal Tiny { }\n", goodMarkers)))
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := Source("Fuzz.tla", src, Options{})
		if err != nil {
			if strings.Contains(err.Error(), "internal pcalgen error") {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		if len(out) == 0 {
			t.Fatal("empty output without error")
		}
	})
}
