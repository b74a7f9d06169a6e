package tla

import (
	"strconv"
	"testing"
)

var sink Value

func BenchmarkSetUnion1000(b *testing.B) {
	var x, y []Value
	for i := int32(0); i < 1000; i++ {
		x = append(x, num(2*i))
		y = append(y, num(3*i))
	}
	sx, sy := MakeSet(x...), MakeSet(y...)
	b.ReportAllocs()
	for b.Loop() {
		sink = ModuleUnionSymbol(sx, sy)
	}
}

func BenchmarkExceptFunction1000(b *testing.B) {
	fields := make([]RecordField, 1000)
	for i := range fields {
		fields[i] = RecordField{str("k" + strconv.Itoa(i)), num(int32(i))}
	}
	f := MakeRecord(fields)
	key := []Value{str("k500")}
	sub := []FunctionSubstitutionRecord{{Keys: key, Value: func(a Value) Value { return ModulePlusSymbol(a, num(1)) }}}
	b.ReportAllocs()
	for b.Loop() {
		sink = FunctionSubstitution(f, sub)
	}
}

func raftLikeRecord() Value {
	return rec("mtype", str("AppendEntriesRequest"), "mterm", num(3), "mprevLogIndex", num(7),
		"mprevLogTerm", num(2), "mcommitIndex", num(5), "msource", num(1), "mdest", num(2))
}

// r.f as generated code emits it: the key string is built at each access.
func BenchmarkRecordFieldAccess(b *testing.B) {
	r := raftLikeRecord()
	b.Run("fresh-key", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = r.ApplyFunction(MakeString("mprevLogTerm"))
		}
	})
	key := MakeString("mprevLogTerm")
	b.Run("shared-key", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = r.ApplyFunction(key)
		}
	})
}

func nestedRecordOfSequences() Value {
	var logs []Value
	for i := int32(0); i < 5; i++ {
		var entries []Value
		for j := int32(0); j < 10; j++ {
			entries = append(entries, rec("term", num(j), "key", str("k"+strconv.Itoa(int(j))), "value", num(i*j)))
		}
		logs = append(logs, MakeTuple(entries...))
	}
	return rec("log", MakeTuple(logs...), "commitIndex", tup(nums(1, 2, 3, 4, 5)...), "state", tup(str("leader"), str("follower")))
}

func BenchmarkFingerprintNestedRecord(b *testing.B) {
	// cold: every sub-value is new, nothing is cached yet.
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			v := nestedRecordOfSequences()
			b.StartTimer()
			_ = v.Fingerprint()
		}
	})
	// new-root: a successor state that shares its unchanged sub-values.
	v := nestedRecordOfSequences()
	_ = v.Fingerprint()
	log := v.ApplyFunction(str("log"))
	b.Run("new-root", func(b *testing.B) {
		b.ReportAllocs()
		i := int32(0)
		for b.Loop() {
			i++
			w := rec("log", log, "commitIndex", num(i), "state", str("leader"))
			_ = w.Fingerprint()
		}
	})
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			_ = v.Fingerprint()
		}
	})
}

func appendEntriesMessage(n int) Value {
	entries := make([]Value, n)
	for i := range entries {
		entries[i] = rec("term", num(int32(i/10+1)), "key", str("key"+strconv.Itoa(i)), "value", str("value-"+strconv.Itoa(i)),
			"type", str("put"), "client", num(int32(100+i%3)))
	}
	return rec("mtype", str("AppendEntriesRequest"), "mterm", num(12), "mprevLogIndex", num(40), "mprevLogTerm", num(11),
		"mentries", MakeTuple(entries...), "mcommitIndex", num(39), "msource", num(1), "mdest", num(3))
}

func BenchmarkEncodeDecodeAppendEntries100(b *testing.B) {
	msg := appendEntriesMessage(100)
	enc, _ := msg.MarshalBinary()
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		buf, _ = msg.AppendBinary(buf[:0])
		var v Value
		if err := v.UnmarshalBinary(buf); err != nil {
			b.Fatal(err)
		}
		sink = v
	}
}

// Model-checker style: build a small record, then EXCEPT one field.
func BenchmarkSmallRecord(b *testing.B) {
	keys := []Value{str("a"), str("b"), str("c"), str("d"), str("e")}
	b.Run("build-5", func(b *testing.B) {
		b.ReportAllocs()
		i := int32(0)
		for b.Loop() {
			i++
			sink = MakeRecord([]RecordField{{keys[0], num(i)}, {keys[1], num(2)}, {keys[2], num(3)}, {keys[3], num(4)}, {keys[4], num(5)}})
		}
	})
	r := MakeRecord([]RecordField{{keys[0], num(1)}, {keys[1], num(2)}, {keys[2], num(3)}, {keys[3], num(4)}, {keys[4], num(5)}})
	sub := []FunctionSubstitutionRecord{{Keys: keys[2:3], Value: func(a Value) Value { return ModulePlusSymbol(a, num(1)) }}}
	b.Run("except-5", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = FunctionSubstitution(r, sub)
		}
	})
	seq := tup(nums(1, 2, 3, 4, 5)...)
	subSeq := []FunctionSubstitutionRecord{{Keys: []Value{num(3)}, Value: func(a Value) Value { return ModulePlusSymbol(a, num(1)) }}}
	b.Run("except-seq-5", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = FunctionSubstitution(seq, subSeq)
		}
	})
}

// A successor state: a new 5-tuple of small (partly shared) values.
func BenchmarkFingerprintState5(b *testing.B) {
	pc := rec("p1", str("Lbl_1"), "p2", str("Done"))
	msgs := set(rec("type", str("req"), "from", num(1)), rec("type", str("ack"), "from", num(2)))
	b.ReportAllocs()
	i := int32(0)
	for b.Loop() {
		i++
		st := MakeTuple(num(i&7), pc, msgs, tup(num(1), num(i&3)), ModuleTRUE)
		_ = st.Fingerprint()
	}
}

func BenchmarkSetMembership(b *testing.B) {
	elems := make([]Value, 1000)
	for i := range elems {
		elems[i] = rec("id", num(int32(i)), "kind", str("x"))
	}
	s := MakeSet(elems...)
	x := rec("id", num(777), "kind", str("x"))
	b.Run("set-1000-records", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = ModuleInSymbol(x, s)
		}
	})
	small := set(str("a"), str("b"), str("c"), str("d"))
	y := str("c")
	b.Run("set-4-strings", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = ModuleInSymbol(y, small)
		}
	})
	iv := ModuleDotDotSymbol(num(1), num(1000000))
	b.Run("interval", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = ModuleInSymbol(num(4242), iv)
		}
	})
	fs := MakeFunctionSet(ModuleDotDotSymbol(num(1), num(5)), set(str("idle"), str("busy"), str("done")))
	f := tup(str("idle"), str("busy"), str("done"), str("idle"), str("busy"))
	b.Run("function-set", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = ModuleInSymbol(f, fs)
		}
	})
}

func BenchmarkArithmetic(b *testing.B) {
	x, y := num(20), num(22)
	b.ReportAllocs()
	for b.Loop() {
		sink = ModulePlusSymbol(x, y)
	}
}

// (k :> v) @@ store, as a key-value store's put: the store has 1000 string keys.
func BenchmarkDoubleAtPut1000(b *testing.B) {
	fields := make([]RecordField, 1000)
	for i := range fields {
		fields[i] = RecordField{str("user" + strconv.Itoa(1000+i)), str("v")}
	}
	store := MakeRecord(fields)
	b.Run("overwrite", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = ModuleDoubleAtSignSymbol(ModuleColonGreaterThanSymbol(str("user1500"), str("w")), store)
		}
	})
	b.Run("insert", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = ModuleDoubleAtSignSymbol(ModuleColonGreaterThanSymbol(str("user1500x"), str("w")), store)
		}
	})
	// A batch of 10 updates, as a backup merges a primary's batch.
	var batch []RecordField
	for i := range 10 {
		batch = append(batch, RecordField{str("user" + strconv.Itoa(1000+97*i)), str("w")})
	}
	upd := MakeRecord(batch)
	b.Run("batch10", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = ModuleDoubleAtSignSymbol(upd, store)
		}
	})
}

// Checking that a freshly built index is a pair, as mailbox bindings do: AsTuple builds a
// persistent list, ModuleLen reads the length.
func BenchmarkPairLen(b *testing.B) {
	b.Run("AsTuple", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			idx := MakeTuple(str("r1"), str("req"))
			if idx.AsTuple().Len() != 2 {
				b.Fatal("not a pair")
			}
		}
	})
	b.Run("ModuleLen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			idx := MakeTuple(str("r1"), str("req"))
			if ModuleLen(idx).AsNumber() != 2 {
				b.Fatal("not a pair")
			}
		}
	})
}

// Reading one field of a freshly decoded message, as message validators and taps do:
// AsFunction builds a persistent map, LookupFunction searches the sorted keys.
func BenchmarkFieldOfFreshRecord(b *testing.B) {
	enc, err := raftLikeRecord().MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	key := MakeString("msource")
	for _, how := range []string{"AsFunction", "LookupFunction"} {
		b.Run(how, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v Value
				if err := v.UnmarshalBinary(enc); err != nil {
					b.Fatal(err)
				}
				var ok bool
				if how == "AsFunction" {
					sink, ok = v.AsFunction().Get(key)
				} else {
					sink, ok = v.LookupFunction(key)
				}
				if !ok {
					b.Fatal("no msource")
				}
			}
		})
	}
}
