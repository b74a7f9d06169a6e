package translate

import (
	"os"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
)

// FuzzTranslate: no input makes the translator panic (Algorithm turns a panic into an
// "internal error", which counts as a failure here), and a translated module translates
// again without an internal error.
func FuzzTranslate(f *testing.F) {
	specs, err := corpus.AllSpecs()
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range specs {
		if !strings.Contains(p, "pluscal") {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		if in, ok := stripTranslation(string(data)); ok {
			f.Add([]byte(in))
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := Source("fuzz.tla", src, Options{})
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		_, err = Source("fuzz.tla", res.Text, Options{})
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("internal error on the translated module: %v", err)
		}
	})
}
