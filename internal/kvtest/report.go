package kvtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Table returns r as a table of a header line and one aligned line; see [FormatTable].
func (r *Result) Table() string { return FormatTable([]*Result{r}) }

// FormatTable returns an aligned text table with a header line and one line per result,
// in the given order (for example one line per workload × client count). Latencies are
// in milliseconds; the read-* and update-* columns are per operation kind.
func FormatTable(results []*Result) string {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', tabwriter.AlignRight)
	writeRow := func(cells []string) {
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	writeRow([]string{
		"label", "workload", "clients", "ops", "errors", "ops/s",
		"p50(ms)", "p95(ms)", "p99(ms)", "max(ms)",
		"read-p50", "read-p99", "update-p50", "update-p99",
	})
	for _, r := range results {
		label := r.Label
		if label == "" {
			label = "-"
		}
		writeRow([]string{
			label, string(r.Workload), strconv.Itoa(r.Clients),
			strconv.FormatInt(r.Overall.Ops, 10), strconv.FormatInt(r.Overall.Errors, 10),
			strconv.FormatFloat(r.Overall.Throughput, 'f', 0, 64),
			ms(r.Overall.P50), ms(r.Overall.P95), ms(r.Overall.P99), ms(r.Overall.Max),
			ms(r.Read.P50), ms(r.Read.P99), ms(r.Update.P50), ms(r.Update.P99),
		})
	}
	tw.Flush()
	return trimLines(buf.String())
}

// FormatMatrix returns the throughput (successful ops/s) of the results as an aligned
// matrix: one line per label and workload, one column per client count, "-" where no result
// has that combination. When several results share a cell, the last one wins.
func FormatMatrix(results []*Result) string {
	type row struct {
		label    string
		workload Workload
	}
	var rows []row
	var clients []int
	cells := map[row]map[int]float64{}
	for _, r := range results {
		k := row{r.Label, r.Workload}
		if cells[k] == nil {
			cells[k] = map[int]float64{}
			rows = append(rows, k)
		}
		cells[k][r.Clients] = r.Overall.Throughput
		if !slices.Contains(clients, r.Clients) {
			clients = append(clients, r.Clients)
		}
	}
	slices.Sort(clients)
	slices.SortStableFunc(rows, func(a, b row) int {
		if c := strings.Compare(a.label, b.label); c != 0 {
			return c
		}
		return strings.Compare(string(a.workload), string(b.workload))
	})

	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := []string{"label", "workload"}
	for _, c := range clients {
		header = append(header, fmt.Sprintf("%d clients", c))
	}
	fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
	for _, k := range rows {
		label := k.label
		if label == "" {
			label = "-"
		}
		line := []string{label, string(k.workload)}
		for _, c := range clients {
			if v, ok := cells[k][c]; ok {
				line = append(line, strconv.FormatFloat(v, 'f', 0, 64))
			} else {
				line = append(line, "-")
			}
		}
		fmt.Fprintln(tw, strings.Join(line, "\t")+"\t")
	}
	tw.Flush()
	return trimLines(buf.String())
}

// ms formats d in milliseconds with microsecond precision.
func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 3, 64)
}

// trimLines removes the blanks that tabwriter leaves at the end of each line and the
// indentation that all lines share.
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	indent := -1
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
		if lines[i] != "" {
			n := len(lines[i]) - len(strings.TrimLeft(lines[i], " "))
			if indent < 0 || n < indent {
				indent = n
			}
		}
	}
	for i, l := range lines {
		if l != "" {
			lines[i] = l[indent:]
		}
	}
	return strings.Join(lines, "\n")
}

// WriteJSON writes results as an indented JSON array (the format of the bench subcommands'
// -json output).
func WriteJSON(w io.Writer, results []*Result) error {
	if results == nil {
		results = []*Result{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(results)
}

// ReadJSON reads what [WriteJSON] wrote.
func ReadJSON(r io.Reader) ([]*Result, error) {
	var results []*Result
	if err := json.NewDecoder(r).Decode(&results); err != nil {
		return nil, fmt.Errorf("kvtest: reading results: %w", err)
	}
	return results, nil
}

// ReadJSONFiles reads the results in each file (written by [WriteJSONFile]), in order.
func ReadJSONFiles(paths ...string) ([]*Result, error) {
	var all []*Result
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		rs, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		all = append(all, rs...)
	}
	return all, nil
}

// WriteJSONFile writes results to the file at path with [WriteJSON].
func WriteJSONFile(path string, results []*Result) error {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, results); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
