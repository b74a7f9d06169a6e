package yamlconfig

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type sample struct {
	Name  string `yaml:"name"`
	Count int    `yaml:"count"`
}

func (s *sample) Validate() error {
	if s.Count < 0 {
		return errors.New("count must not be negative")
	}
	return nil
}

func TestParse(t *testing.T) {
	defaults := sample{Name: "default", Count: 3}
	for _, tc := range []struct {
		in, err string
		want    sample
	}{
		{in: "count: 5\n", want: sample{Name: "default", Count: 5}},
		{in: "name: x\ncount: 0\n", want: sample{Name: "x", Count: 0}},
		{in: "", err: "empty configuration"},
		{in: "cuont: 5\n", err: "field cuont not found"},
		{in: "count: -1\n", err: "count must not be negative"},
		{in: "count: [\n", err: "yaml"},
	} {
		got, err := Parse(([]byte)(tc.in), defaults)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Parse(%q) = %v, %v; want error containing %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || *got != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if defaults != (sample{Name: "default", Count: 3}) {
		t.Errorf("Parse changed the defaults: %v", defaults)
	}
}

func TestLoadNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(path, []byte("count: -2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path, sample{}); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Load: %v, want an error naming %s", err, path)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml"), sample{}); err == nil {
		t.Error("Load of a missing file succeeded")
	}
}
