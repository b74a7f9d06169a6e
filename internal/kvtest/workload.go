package kvtest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
)

// Workload is a YCSB core workload.
type Workload string

// The YCSB core workloads supported here. All draw keys from a Zipfian distribution.
const (
	WorkloadA Workload = "A" // update heavy: 50% reads, 50% updates
	WorkloadB Workload = "B" // read mostly: 95% reads, 5% updates
	WorkloadC Workload = "C" // read only: 100% reads
)

// Defaults used when the corresponding field is zero.
const (
	DefaultRecords   = 1000
	DefaultValueSize = 100
)

// Workloads lists the supported workloads.
func Workloads() []Workload { return []Workload{WorkloadA, WorkloadB, WorkloadC} }

// ParseWorkload accepts "A", "a", "workloada" or "workload-a" (and likewise for B and C).
func ParseWorkload(s string) (Workload, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimPrefix(t, "WORKLOAD")
	t = strings.TrimLeft(t, "-_ ")
	w := Workload(t)
	if w.Valid() {
		return w, nil
	}
	return "", fmt.Errorf("kvtest: unknown workload %q (want A, B or C)", s)
}

// Valid reports whether w is one of the supported workloads.
func (w Workload) Valid() bool {
	switch w {
	case WorkloadA, WorkloadB, WorkloadC:
		return true
	}
	return false
}

// ReadProportion returns the fraction of operations that are reads (the rest are updates).
func (w Workload) ReadProportion() float64 {
	switch w {
	case WorkloadA:
		return 0.5
	case WorkloadB:
		return 0.95
	case WorkloadC:
		return 1
	}
	return 0
}

// OpKind is the kind of a key-value operation.
type OpKind uint8

// Operation kinds. In YCSB terms a Get is a read and a Put is an update.
const (
	OpGet OpKind = iota + 1
	OpPut
)

func (k OpKind) String() string {
	switch k {
	case OpGet:
		return "get"
	case OpPut:
		return "put"
	}
	return "op(" + strconv.Itoa(int(k)) + ")"
}

// Op is one operation of a workload. Value is set for puts.
type Op struct {
	Kind  OpKind
	Key   string
	Value string
}

// KeyName returns the name of record i: "user" followed by i zero-padded to 8 digits, as
// YCSB names its records (without YCSB's hashing of the record number).
func KeyName(i int) string { return fmt.Sprintf("user%08d", i) }

// Generator produces the operations of one client of a workload. It is deterministic: two
// generators built with the same arguments produce the same sequence. It is not safe for
// concurrent use; give each client its own (with its own stream number).
type Generator struct {
	workload  Workload
	readProp  float64
	zipf      *Zipfian
	keys      []string
	valueSize int
	stream    int
	rng       *rand.Rand
	seq       uint64
}

// NewGenerator returns the generator of client number stream of workload w over records
// keys with values of valueSize bytes (zero means the default), seeded by seed.
func NewGenerator(w Workload, records, valueSize int, seed uint64, stream int) (*Generator, error) {
	ks, err := newKeyspace(records)
	if err != nil {
		return nil, err
	}
	return ks.generator(w, valueSize, seed, stream)
}

// keyspace holds what the generators of one run share.
type keyspace struct {
	zipf *Zipfian
	keys []string
}

func newKeyspace(records int) (*keyspace, error) {
	if records == 0 {
		records = DefaultRecords
	}
	z, err := NewZipfian(records, ZipfianConstant)
	if err != nil {
		return nil, err
	}
	keys := make([]string, records)
	for i := range keys {
		keys[i] = KeyName(i)
	}
	return &keyspace{zipf: z, keys: keys}, nil
}

func (ks *keyspace) generator(w Workload, valueSize int, seed uint64, stream int) (*Generator, error) {
	if w == "" {
		w = WorkloadA
	}
	if !w.Valid() {
		return nil, fmt.Errorf("kvtest: unknown workload %q", w)
	}
	if valueSize == 0 {
		valueSize = DefaultValueSize
	}
	if valueSize < 0 {
		return nil, fmt.Errorf("kvtest: negative value size %d", valueSize)
	}
	return &Generator{
		workload:  w,
		readProp:  w.ReadProportion(),
		zipf:      ks.zipf,
		keys:      ks.keys,
		valueSize: valueSize,
		stream:    stream,
		// Client i draws from PCG stream i+1 of the seed; LoadValue uses streams with the
		// top bit set, so the load values do not repeat any client's draws.
		rng: rand.New(rand.NewPCG(seed, uint64(stream)+1)),
	}, nil
}

// Next returns the next operation.
func (g *Generator) Next() Op {
	kind := OpPut
	if g.readProp >= 1 || g.rng.Float64() < g.readProp {
		kind = OpGet
	}
	op := Op{Kind: kind, Key: g.keys[g.zipf.Next(g.rng)]}
	if kind == OpPut {
		g.seq++
		op.Value = makeValue(g.rng, g.valueSize, "c", uint64(g.stream), g.seq)
	}
	return op
}

const valueAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// makeValue returns a value of size bytes that starts with a unique tag (tag, a, b) and is
// padded with random letters. If the tag is longer than size, the value is the tag alone.
func makeValue(r *rand.Rand, size int, tag string, a, b uint64) string {
	buf := make([]byte, 0, max(size, 32))
	buf = append(buf, tag...)
	buf = strconv.AppendUint(buf, a, 10)
	buf = append(buf, '.')
	buf = strconv.AppendUint(buf, b, 10)
	buf = append(buf, '.')
	for len(buf) < size {
		x := r.Uint64()
		for i := 0; i < 10 && len(buf) < size; i++ {
			buf = append(buf, valueAlphabet[x%uint64(len(valueAlphabet))])
			x /= uint64(len(valueAlphabet))
		}
	}
	return string(buf)
}

// LoadValue returns the value that the load phase writes to record i.
func LoadValue(seed uint64, i, valueSize int) string {
	if valueSize == 0 {
		valueSize = DefaultValueSize
	}
	r := rand.New(rand.NewPCG(seed, uint64(i)|1<<63))
	return makeValue(r, valueSize, "load", 0, uint64(i))
}

// loadAttempts is how many times Load tries each Put before giving up.
const loadAttempts = 3

// Load is YCSB's load phase: it writes every record once, record i getting
// [LoadValue](seed, i, valueSize). The records are split among the clients, which write
// concurrently. A Put that fails is retried a few times; Load returns the first error that
// persists or ctx's error.
func Load(ctx context.Context, clients []Client, records, valueSize int, seed uint64) error {
	if len(clients) == 0 {
		return errors.New("kvtest: load: no clients")
	}
	if records == 0 {
		records = DefaultRecords
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for ci, c := range clients {
		wg.Go(func() {
			for i := ci; i < records; i += len(clients) {
				key, value := KeyName(i), LoadValue(seed, i, valueSize)
				var err error
				for range loadAttempts {
					if err = c.Put(ctx, key, value); err == nil || ctx.Err() != nil {
						break
					}
				}
				if err != nil {
					cancel(fmt.Errorf("kvtest: load %s (client %d): %w", key, ci, err))
					return
				}
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}
