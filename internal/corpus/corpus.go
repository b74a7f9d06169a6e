package corpus

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// EnvShared names the environment variable that overrides where the shared folder is.
const EnvShared = "MPGO_SHARED"

// SharedDir returns the shared folder (docs, seeds, testdata). It is $MPGO_SHARED if set,
// otherwise the folder "shared" beside the repository root (the directory holding go.mod),
// found by walking up from the working directory.
func SharedDir() (string, error) {
	if d := os.Getenv(EnvShared); d != "" {
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			shared := filepath.Join(filepath.Dir(d), "shared")
			if st, err := os.Stat(shared); err == nil && st.IsDir() {
				return shared, nil
			}
			return "", fmt.Errorf("corpus: no shared folder at %s (set %s)", shared, EnvShared)
		}
		if filepath.Dir(d) == d {
			return "", errors.New("corpus: go.mod not found above the working directory")
		}
	}
}

// TestdataDir returns the shared golden corpus folder, shared/testdata.
func TestdataDir() (string, error) {
	d, err := SharedDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "testdata"), nil
}

// Counts are the numbers TLC reported for one run (see testdata/pluscal/README.md).
type Counts struct {
	Result            string `json:"result"`
	Violated          string `json:"violated,omitempty"`
	InitialStates     int64  `json:"initialStates,omitempty"`
	TotalStates       int64  `json:"totalStates"`
	DistinctStates    int64  `json:"distinctStates"`
	StatesLeftOnQueue int64  `json:"statesLeftOnQueue"`
	StateDepth        int64  `json:"stateDepth"`
	TraceLength       int64  `json:"traceLength,omitempty"`
	TraceLoop         string `json:"traceLoop,omitempty"`
}

// Expected is the content of an expected.json file of the pluscal/, tla/ or perf/ corpus.
type Expected struct {
	TLCVersion string `json:"tlcVersion"`
	Counts
	TLCExitCode      int                        `json:"tlcExitCode"`
	RepeatRuns       int                        `json:"repeatRuns,omitempty"`
	VariesAcrossRuns map[string]json.RawMessage `json:"variesAcrossRuns,omitempty"`
	Workers1         *Counts                    `json:"workers1,omitempty"`
	// Performance models only.
	TLCWorkers     int     `json:"tlcWorkers,omitempty"`
	TLCWallSeconds float64 `json:"tlcWallSeconds,omitempty"`
	TLCPeakRSSKiB  int64   `json:"tlcPeakRSSKiB,omitempty"`
	Note           string  `json:"note,omitempty"`
}

// BreadthFirst returns the numbers a breadth-first checker must reproduce: the single-worker
// run's where the corpus has one (its depth is the exact BFS depth), else the recorded run's.
func (e *Expected) BreadthFirst() Counts {
	if e.Workers1 != nil {
		return *e.Workers1
	}
	return e.Counts
}

// Case is one folder of the pluscal/, tla/ or perf/ corpus.
type Case struct {
	Group    string // "pluscal", "tla" or "perf"
	Name     string // folder name, also the module name
	Dir      string // absolute folder
	Spec     string // Dir/Name.tla
	Config   string // Dir/Name.cfg
	Expected Expected
}

// Cases lists the cases of one corpus group ("pluscal", "tla" or "perf"), sorted by name.
func Cases(group string) ([]Case, error) {
	td, err := TestdataDir()
	if err != nil {
		return nil, err
	}
	root := filepath.Join(td, group)
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var cases []Case
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		c := Case{Group: group, Name: e.Name(), Dir: dir,
			Spec: filepath.Join(dir, e.Name()+".tla"), Config: filepath.Join(dir, e.Name()+".cfg")}
		data, err := os.ReadFile(filepath.Join(dir, "expected.json"))
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, &c.Expected); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "expected.json"), err)
		}
		cases = append(cases, c)
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].Name < cases[j].Name })
	return cases, nil
}

// TranslateCase is one folder of pluscal-translate/: the module as the standard translator left it.
type TranslateCase struct {
	Name, Dir, Spec string
	PcalOut         string // what the translator printed
}

// TranslateCases lists pluscal-translate/, sorted by name.
func TranslateCases() ([]TranslateCase, error) {
	td, err := TestdataDir()
	if err != nil {
		return nil, err
	}
	root := filepath.Join(td, "pluscal-translate")
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var cases []TranslateCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		out, _ := os.ReadFile(filepath.Join(dir, "pcal.out"))
		cases = append(cases, TranslateCase{Name: e.Name(), Dir: dir,
			Spec: filepath.Join(dir, e.Name()+".tla"), PcalOut: string(out)})
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].Name < cases[j].Name })
	return cases, nil
}

// ErrorCase is one input of pluscal-errors/ that the standard translator rejects.
type ErrorCase struct {
	Name, Dir, Spec string
	Description     string `json:"description"`
	ExitCode        int    `json:"exitCode"`
	FileChanged     bool   `json:"fileChanged"`
	Message         string `json:"message"` // the text after "Unrecoverable error:"
}

// ErrorCases lists pluscal-errors/, sorted by name.
func ErrorCases() ([]ErrorCase, error) {
	td, err := TestdataDir()
	if err != nil {
		return nil, err
	}
	root := filepath.Join(td, "pluscal-errors")
	data, err := os.ReadFile(filepath.Join(root, "expected.json"))
	if err != nil {
		return nil, err
	}
	var m map[string]ErrorCase
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	var cases []ErrorCase
	for name, c := range m {
		c.Name = name
		c.Dir = filepath.Join(root, name)
		c.Spec = filepath.Join(c.Dir, name+".tla")
		cases = append(cases, c)
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].Name < cases[j].Name })
	return cases, nil
}

// AllSpecs returns every .tla file under the shared testdata folder, sorted.
func AllSpecs() ([]string, error) {
	td, err := TestdataDir()
	if err != nil {
		return nil, err
	}
	var files []string
	err = filepath.WalkDir(td, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Ext(path) == ".tla" {
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}
