package translate

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/parser"
	"github.com/mpgo/mpgo/lang/token"
)

// Options are the standard translator's options that change the translation
// (pluscal-translation.md §16). Options written in the module as "PlusCal options (...)"
// are added to these by Source and File.
type Options struct {
	WF          bool   // -wf: processes without a fairness keyword are weakly fair
	SF          bool   // -sf: ... strongly fair
	WFNext      bool   // -wfNext: WF_vars(Next)
	NoF         bool   // -nof: no fairness (the default)
	Termination bool   // -termination: like -wf
	Label       bool   // -label: add missing labels instead of reporting them
	LabelRoot   string // -labelRoot: prefix of added labels (default "Lbl_")
	LineWidth   int    // -lineWidth: wrap column (default 78, at least 60)
}

func (o Options) labelRoot() string {
	if o.LabelRoot == "" {
		return "Lbl_"
	}
	return o.LabelRoot
}

func (o Options) lineWidth() int {
	if o.LineWidth < 60 {
		return 78
	}
	return o.LineWidth
}

// Result is a translation.
type Result struct {
	// Lines are the lines of the translation: the text that goes strictly between the
	// BEGIN TRANSLATION and END TRANSLATION lines.
	Lines []string
	// PcalChecksum and TLAChecksum are the chksum(pcal) and chksum(tla) values of the BEGIN
	// TRANSLATION line (lower-case hexadecimal without leading zeros).
	PcalChecksum, TLAChecksum string
	// LabelsAdded reports that labels were added ("Labels added."); Renamed that symbols
	// were renamed ("Warning: symbols were renamed.").
	LabelsAdded, Renamed bool
	// Text is the whole new module (set by Source and File).
	Text []byte

	pcalText string // the text whose CRC-32 is chksum(pcal) (tests compare it with the corpus)
}

// Translation returns the translation's lines joined with newlines (with a final newline).
func (r *Result) Translation() string {
	return strings.Join(r.Lines, "\n") + "\n"
}

// Messages returns what the standard translator prints on success, less its version line.
func (r *Result) Messages(name string) []string {
	var out []string
	if r.LabelsAdded {
		out = append(out, "Labels added.")
	}
	out = append(out, "Parsing completed.")
	if r.Renamed {
		out = append(out, "Warning: symbols were renamed.")
	}
	return append(out, "Translation completed.", "New file "+name+" written.")
}

// Algorithm translates a parsed PlusCal algorithm. fset and src are the file set and source
// text the algorithm was parsed from: expressions are copied from src so that their layout
// is kept; with src nil (an algorithm built by a program), expressions are printed with
// lang/printer. Errors are a token.ErrorList of positioned messages.
func Algorithm(fset *token.FileSet, alg *ast.Algorithm, src []byte, opts Options) (res *Result, err error) {
	if alg == nil {
		return nil, errors.New("translate: no algorithm")
	}
	if alg.Kind != ast.PlusCal {
		return nil, errors.New("translate: not a PlusCal algorithm (use the MPCal compiler)")
	}
	defer func() {
		// The translator is written not to panic; this is a last resort so that bad input
		// never crashes the caller.
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("translate: internal error: %v", r)
		}
	}()
	b := &builder{fset: fset, src: src, opts: opts}
	if src != nil && fset != nil && alg.Start.IsValid() {
		b.file = fset.File(alg.Start)
		if b.file != nil && b.file.Size() != len(src) {
			b.file = nil
		}
	}
	a := b.buildAlgorithm(alg)
	if len(b.errs) > 0 || a == nil {
		return nil, b.errList()
	}
	renamed := b.fixIDs(a)
	if len(b.errs) > 0 {
		return nil, b.errList()
	}
	b.checkRefs(a)
	if len(b.errs) > 0 {
		return nil, b.errList()
	}
	fairnessLists(a)
	terminating := true
	if !hasGotoDone(a) {
		if !a.multi && isEndlessLoop(a.body) {
			terminating = false
		}
		for _, p := range a.procs {
			if isEndlessLoop(p.body) {
				terminating = false
			}
		}
	}
	ex := newExploder(a).all()
	g := newGen(a, ex, opts)
	lines := g.generate(renamed, terminating)
	for _, e := range g.errs {
		b.errorAt(e.at, "%s", e.msg)
	}
	if len(b.errs) > 0 {
		return nil, b.errList()
	}
	res = &Result{Lines: lines, LabelsAdded: b.labelsAdded, Renamed: len(renamed) > 0}
	res.TLAChecksum = checksum(strings.Join(lines, ""))
	res.pcalText = astString(a)
	if a.fair {
		// The standard translator checksums only the word "fair" for a fair algorithm
		// (pluscal-translation.md §2).
		res.pcalText = "fair"
	}
	res.PcalChecksum = checksum(res.pcalText)
	return res, nil
}

func (b *builder) errList() error {
	b.errs.Sort()
	return b.errs
}

func checksum(s string) string {
	return strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(s))), 16)
}

// Source translates the PlusCal algorithm of a module and returns the module with the
// translation in place (pluscal-translation.md §1): between existing BEGIN/END TRANSLATION
// lines, or inserted after the comment holding the algorithm.
func Source(filename string, src []byte, opts Options) (*Result, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.PlusCalOnly|parser.SkipModule)
	if err != nil {
		var list token.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				if !e.Pos.IsValid() {
					e.Pos.Filename = filename
					e.Pos.Line, e.Pos.Column = 1, 1
				}
			}
		}
		return nil, err
	}
	if f.Algorithm == nil {
		return nil, fmt.Errorf("%s:1:1: beginning of algorithm string --algorithm not found", filename)
	}
	opts, err = moduleOptions(src, opts)
	if err != nil {
		return nil, fmt.Errorf("%s:%w", filename, err)
	}
	res, err := Algorithm(fset, f.Algorithm, src, opts)
	if err != nil {
		return nil, err
	}
	text, err := place(filename, src, f, res)
	if err != nil {
		return nil, err
	}
	res.Text = text
	return res, nil
}

// place puts the translation into the module text.
func place(filename string, src []byte, f *ast.File, res *Result) ([]byte, error) {
	body := res.Translation()
	mk := f.Markers
	if len(mk.BeginTranslation) > 0 {
		begin := mk.BeginTranslation[0]
		var end *ast.Marker
		for i := range mk.EndTranslation {
			if mk.EndTranslation[i].Offset > begin.Offset {
				end = &mk.EndTranslation[i]
				break
			}
		}
		if end == nil {
			return nil, fmt.Errorf("%s:%d:1: \\* BEGIN TRANSLATION without a following \\* END TRANSLATION line", filename, begin.Line)
		}
		line := begin.Text
		if strings.Contains(line, "chksum(") {
			i := strings.Index(line, "BEGIN TRANSLATION") + len("BEGIN TRANSLATION")
			line = line[:i] + checksumSuffix(res)
		}
		var out bytes.Buffer
		out.Write(src[:begin.Offset])
		out.WriteString(line)
		out.WriteString(lineEnd(src, begin))
		out.WriteString(body)
		out.Write(src[end.Offset:])
		return out.Bytes(), nil
	}
	_, end := parser.FindPlusCal(src)
	if end < 0 || end >= len(src) || !bytes.HasPrefix(src[end:], []byte("*)")) {
		return nil, fmt.Errorf("%s: the algorithm must be inside a comment (* ... *)", filename)
	}
	nl := bytes.IndexByte(src[end:], '\n')
	var out bytes.Buffer
	if nl < 0 {
		out.Write(src)
		out.WriteString("\n")
	} else {
		out.Write(src[:end+nl+1])
	}
	out.WriteString(`\* BEGIN TRANSLATION` + checksumSuffix(res) + "\n")
	out.WriteString(body)
	out.WriteString(`\* END TRANSLATION ` + "\n")
	if nl >= 0 {
		out.Write(src[end+nl+1:])
	}
	return out.Bytes(), nil
}

func lineEnd(src []byte, m ast.Marker) string {
	if m.End > 0 && m.End <= len(src) && src[m.End-1] == '\n' {
		if m.End > 1 && src[m.End-2] == '\r' {
			return "\r\n"
		}
		return "\n"
	}
	return "\n"
}

func checksumSuffix(res *Result) string {
	return fmt.Sprintf(` (chksum(pcal) = "%s" /\ chksum(tla) = "%s")`, res.PcalChecksum, res.TLAChecksum)
}

// moduleOptions adds the options of a "PlusCal options (...)" line of the module.
func moduleOptions(src []byte, opts Options) (Options, error) {
	i := bytes.Index(src, []byte("PlusCal options"))
	if i < 0 {
		return opts, nil
	}
	rest := src[i+len("PlusCal options"):]
	open := bytes.IndexByte(rest, '(')
	closeIdx := bytes.IndexByte(rest, ')')
	if open < 0 || closeIdx < open {
		return opts, nil
	}
	fields := strings.FieldsFunc(string(rest[open+1:closeIdx]), func(r rune) bool {
		return r == ' ' || r == ',' || r == '\t' || r == '\n' || r == '\r'
	})
	line := 1 + bytes.Count(src[:i], []byte("\n"))
	return ParseOptions(fields, opts, line)
}

// ParseOptions applies translator option words (-wf, -sf, -wfNext, -nof, -termination,
// -label, -labelRoot NAME, -lineWidth N; others are accepted and ignored) to opts.
func ParseOptions(words []string, opts Options, line int) (Options, error) {
	for i := 0; i < len(words); i++ {
		switch w := words[i]; w {
		case "-wf":
			opts.WF = true
		case "-sf":
			opts.SF = true
		case "-wfNext":
			opts.WFNext = true
		case "-nof":
			opts.NoF = true
		case "-termination":
			opts.Termination = true
		case "-label":
			opts.Label = true
		case "-labelRoot", "-lineWidth":
			if i+1 >= len(words) {
				return opts, fmt.Errorf("%d:1: option %s needs a value", line, w)
			}
			i++
			if w == "-labelRoot" {
				opts.LabelRoot = words[i]
				continue
			}
			n, err := strconv.Atoi(words[i])
			if err != nil || n < 60 {
				return opts, fmt.Errorf("%d:1: bad -lineWidth value %q (at least 60)", line, words[i])
			}
			opts.LineWidth = n
		}
	}
	return opts, nil
}

// File translates the module at path in place. On error the file is left untouched; the
// new text is written to a temporary file that then replaces the module.
func File(path string, opts Options) (*Result, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	res, err := Source(path, src, opts)
	if err != nil {
		return nil, err
	}
	if bytes.Equal(res.Text, src) {
		return res, nil
	}
	return res, writeAtomic(path, res.Text)
}

func writeAtomic(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			os.Remove(name)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(name, mode); err != nil {
		return err
	}
	if err := os.Rename(name, path); err != nil {
		return err
	}
	ok = true
	return nil
}
