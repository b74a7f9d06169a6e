package translate

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
)

// stripTranslation returns the module as it was before the standard translator ran:
// without the inserted BEGIN/END TRANSLATION block, or with an empty block when the lines
// carry no checksums (they were in the file before, as in uni_counter_p).
func stripTranslation(src string) (string, bool) {
	lines := strings.SplitAfter(src, "\n")
	begin, end := -1, -1
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if begin < 0 && strings.HasPrefix(t, `\* BEGIN TRANSLATION`) {
			begin = i
		} else if begin >= 0 && strings.HasPrefix(t, `\* END TRANSLATION`) {
			end = i
			break
		}
	}
	if begin < 0 || end < 0 {
		return src, false
	}
	if !strings.Contains(lines[begin], "chksum(") {
		return strings.Join(lines[:begin+1], "") + strings.Join(lines[end:], ""), true
	}
	return strings.Join(lines[:begin], "") + strings.Join(lines[end+1:], ""), true
}

// lineDiff describes the first few differing lines.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, wl, gl)
			n++
			if n >= 8 {
				break
			}
		}
	}
	return b.String()
}

var pcalSum = regexp.MustCompile(`chksum\(pcal\) = "[0-9a-f]*"`)

func maskPcal(s string) string { return pcalSum.ReplaceAllString(s, `chksum(pcal) = "?"`) }

type goldenFile struct {
	name, path string
}

func goldenFiles(t *testing.T) []goldenFile {
	t.Helper()
	cases, err := corpus.Cases("pluscal")
	if err != nil {
		t.Fatal(err)
	}
	var out []goldenFile
	for _, c := range cases {
		out = append(out, goldenFile{c.Name, c.Spec})
	}
	tcs, err := corpus.TranslateCases()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range tcs {
		out = append(out, goldenFile{"translate/" + c.Name, c.Spec})
	}
	return out
}

// TestCorpusTranslation translates every corpus module with its translation removed and
// compares the result with the module the standard translator wrote.
func TestCorpusTranslation(t *testing.T) {
	identical := 0
	files := goldenFiles(t)
	for _, gf := range files {
		data, err := os.ReadFile(gf.path)
		if err != nil {
			t.Fatal(err)
		}
		want := string(data)
		input, ok := stripTranslation(want)
		if !ok {
			t.Errorf("%s: no translation block", gf.name)
			continue
		}
		res, err := Source(gf.path, []byte(input), Options{})
		if err != nil {
			t.Errorf("%s: %v", gf.name, err)
			continue
		}
		if got := string(res.Text); got != want {
			mw, mg := maskPcal(want), maskPcal(got)
			if mw == mg {
				t.Errorf("%s: only chksum(pcal) differs", gf.name)
			} else {
				t.Errorf("%s: translation differs:\n%s", gf.name, lineDiff(mw, mg))
			}
			continue
		}
		identical++
	}
	t.Logf("%d of %d corpus modules translated byte-identically", identical, len(files))
}

// TestChecksumText compares the text behind chksum(pcal) with the text the standard
// translator checksummed (pcal-checksum-input.txt).
func TestChecksumText(t *testing.T) {
	cases, err := corpus.Cases("pluscal")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		want, err := os.ReadFile(filepath.Join(c.Dir, "pcal-checksum-input.txt"))
		if err != nil {
			continue // uni_counter_p has no checksums
		}
		data, err := os.ReadFile(c.Spec)
		if err != nil {
			t.Fatal(err)
		}
		input, _ := stripTranslation(string(data))
		res, err := Source(c.Spec, []byte(input), Options{})
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		if res.pcalText != string(want) {
			t.Errorf("%s: checksum text differs:\n%s", c.Name, lineDiff(string(want), res.pcalText))
		}
	}
}
