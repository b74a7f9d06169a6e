package kvtest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Options configures [Run]. Zero values select the defaults noted.
type Options struct {
	// Workload is the YCSB workload; default A.
	Workload Workload
	// Clients is the number of concurrent closed-loop clients; default 1.
	Clients int
	// Duration is the length of the measurement window; default 10s.
	Duration time.Duration
	// Warmup is run before the measurement window and not measured; default none.
	Warmup time.Duration
	// Records is the number of keys; default 1000.
	Records int
	// ValueSize is the size of the values written, in bytes; default 100.
	ValueSize int
	// Seed seeds the key and value choices (0 is a seed like any other).
	Seed uint64
	// SkipLoad skips the load phase (for a store already loaded with the same Records).
	SkipLoad bool
	// OpTimeout bounds each operation; zero means no bound other than the run's end.
	OpTimeout time.Duration
	// ErrorBackoff is how long a client pauses after a failed operation before issuing the
	// next one, so that a client of an unavailable store does not spin; zero means none.
	ErrorBackoff time.Duration
	// Label names the system or configuration in the result (e.g. "pbkvs/3").
	Label string
	// Logger receives progress messages; default none.
	Logger *slog.Logger
}

func (o Options) withDefaults() (Options, error) {
	if o.Workload == "" {
		o.Workload = WorkloadA
	}
	if !o.Workload.Valid() {
		return o, fmt.Errorf("kvtest: unknown workload %q", o.Workload)
	}
	if o.Clients == 0 {
		o.Clients = 1
	}
	if o.Duration == 0 {
		o.Duration = 10 * time.Second
	}
	if o.Records == 0 {
		o.Records = DefaultRecords
	}
	if o.ValueSize == 0 {
		o.ValueSize = DefaultValueSize
	}
	if o.Clients < 0 || o.Duration < 0 || o.Warmup < 0 || o.Records < 0 || o.ValueSize < 0 || o.OpTimeout < 0 || o.ErrorBackoff < 0 {
		return o, errors.New("kvtest: negative option")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o, nil
}

// Stats summarizes the operations of one kind (or of all kinds) in a run. Latencies are
// those of successful operations; they come from a log-linear histogram and are exact to
// within 0.8% (Max is exact).
type Stats struct {
	Ops        int64         `json:"ops"`                    // successful operations
	Errors     int64         `json:"errors"`                 // failed operations
	Throughput float64       `json:"throughput_ops_per_sec"` // successful operations per second
	Mean       time.Duration `json:"mean_ns"`
	P50        time.Duration `json:"p50_ns"`
	P95        time.Duration `json:"p95_ns"`
	P99        time.Duration `json:"p99_ns"`
	Max        time.Duration `json:"max_ns"`
}

// Result is the outcome of [Run]. It marshals to JSON (durations in nanoseconds).
type Result struct {
	Label     string        `json:"label,omitempty"`
	Workload  Workload      `json:"workload"`
	Clients   int           `json:"clients"`
	Records   int           `json:"records"`
	ValueSize int           `json:"value_size"`
	Seed      uint64        `json:"seed"`
	Warmup    time.Duration `json:"warmup_ns"`
	// Duration is the measurement window actually run (shorter than asked if the run's
	// context was cancelled).
	Duration time.Duration `json:"duration_ns"`
	Overall  Stats         `json:"overall"`
	Read     Stats         `json:"read"`
	Update   Stats         `json:"update"`
}

// Ops returns the number of successful operations.
func (r *Result) Ops() int64 { return r.Overall.Ops }

// Errors returns the number of failed operations.
func (r *Result) Errors() int64 { return r.Overall.Errors }

// Throughput returns the successful operations per second.
func (r *Result) Throughput() float64 { return r.Overall.Throughput }

// clientStats is what one closed-loop client measures.
type clientStats struct {
	hist   [2]histogram // indexed by kindIndex
	errors [2]int64
}

func kindIndex(k OpKind) int {
	if k == OpPut {
		return 1
	}
	return 0
}

// Run benchmarks a store: it opens opts.Clients clients with newClient(0), newClient(1),
// ..., runs the load phase (unless opts.SkipLoad), then runs the workload with every client
// in a closed loop (each issues its next operation as soon as the previous one completes)
// for opts.Warmup and then opts.Duration, and closes the clients.
//
// Only operations that start after the warmup and complete before the end of the window
// are measured; operations still in flight at the end are cancelled through their context
// and not counted. If ctx is cancelled during the measurement, Run returns the partial
// result together with ctx's error; any other error means there is no result.
func Run(ctx context.Context, newClient func(i int) (Client, error), opts Options) (*Result, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	log := opts.Logger.With("workload", string(opts.Workload), "clients", opts.Clients)
	ks, err := newKeyspace(opts.Records)
	if err != nil {
		return nil, err
	}
	gens := make([]*Generator, opts.Clients)
	for i := range gens {
		if gens[i], err = ks.generator(opts.Workload, opts.ValueSize, opts.Seed, i); err != nil {
			return nil, err
		}
	}

	clients := make([]Client, 0, opts.Clients)
	defer func() {
		for i, c := range clients {
			if err := c.Close(); err != nil {
				log.Warn("closing client", "client", i, "err", err)
			}
		}
	}()
	for i := range opts.Clients {
		c, err := newClient(i)
		if err != nil {
			return nil, fmt.Errorf("kvtest: opening client %d: %w", i, err)
		}
		clients = append(clients, c)
	}

	if !opts.SkipLoad {
		t0 := time.Now()
		if err := Load(ctx, clients, opts.Records, opts.ValueSize, opts.Seed); err != nil {
			return nil, err
		}
		log.Info("load phase done", "records", opts.Records, "elapsed", time.Since(t0))
	}

	begin := time.Now()
	measureStart := begin.Add(opts.Warmup)
	end := measureStart.Add(opts.Duration)
	runCtx, cancel := context.WithDeadline(ctx, end)
	defer cancel()
	// If ctx is cancelled early, the window ends then.
	cancelledAt := make(chan time.Time, 1)
	defer context.AfterFunc(ctx, func() { cancelledAt <- time.Now() })()

	stats := make([]clientStats, opts.Clients)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() { runClient(runCtx, c, gens[i], &stats[i], measureStart, end, opts) })
	}
	wg.Wait()

	stop := end
	if ctx.Err() != nil {
		if t := <-cancelledAt; t.Before(end) {
			stop = t
		}
	}
	window := max(stop.Sub(measureStart), 0)
	res := summarize(opts, window, stats)
	log.Info("run done", "ops", res.Overall.Ops, "errors", res.Overall.Errors,
		"throughput", res.Overall.Throughput, "p99", res.Overall.P99)
	if err := ctx.Err(); err != nil {
		return res, err
	}
	return res, nil
}

func runClient(ctx context.Context, c Client, g *Generator, st *clientStats, measureStart, end time.Time, opts Options) {
	for ctx.Err() == nil {
		op := g.Next()
		opCtx, cancel := ctx, context.CancelFunc(func() {})
		if opts.OpTimeout > 0 {
			opCtx, cancel = context.WithTimeout(ctx, opts.OpTimeout)
		}
		t0 := time.Now()
		var err error
		if op.Kind == OpGet {
			_, _, err = c.Get(opCtx, op.Key)
		} else {
			err = c.Put(opCtx, op.Key, op.Value)
		}
		t1 := time.Now()
		cancel()
		if err != nil && ctx.Err() != nil {
			return // cut short by the end of the run: not measured
		}
		if !t0.Before(measureStart) && !t1.After(end) {
			k := kindIndex(op.Kind)
			if err != nil {
				st.errors[k]++
			} else {
				st.hist[k].record(t1.Sub(t0))
			}
		}
		if err != nil && opts.ErrorBackoff > 0 {
			t := time.NewTimer(opts.ErrorBackoff)
			select {
			case <-ctx.Done():
			case <-t.C:
			}
			t.Stop()
		}
	}
}

func summarize(opts Options, window time.Duration, stats []clientStats) *Result {
	var hists [2]histogram
	var errs [2]int64
	var all histogram
	for i := range stats {
		for k := range 2 {
			hists[k].merge(&stats[i].hist[k])
			all.merge(&stats[i].hist[k])
			errs[k] += stats[i].errors[k]
		}
	}
	mk := func(h *histogram, errors int64) Stats {
		s := Stats{
			Ops:    int64(h.total),
			Errors: errors,
			Mean:   h.mean(),
			P50:    h.quantile(0.50),
			P95:    h.quantile(0.95),
			P99:    h.quantile(0.99),
			Max:    time.Duration(h.max),
		}
		if window > 0 {
			s.Throughput = float64(h.total) / window.Seconds()
		}
		return s
	}
	return &Result{
		Label:     opts.Label,
		Workload:  opts.Workload,
		Clients:   opts.Clients,
		Records:   opts.Records,
		ValueSize: opts.ValueSize,
		Seed:      opts.Seed,
		Warmup:    opts.Warmup,
		Duration:  window,
		Overall:   mk(&all, errs[0]+errs[1]),
		Read:      mk(&hists[0], errs[0]),
		Update:    mk(&hists[1], errs[1]),
	}
}
