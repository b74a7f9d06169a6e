package resources

import (
	"testing"

	"github.com/mpgo/mpgo/distsys/tla"
)

// A prepare frame of 10 request records, as a busy sender's batch.
func BenchmarkEncodePrepareFrame(b *testing.B) {
	values := make([]tla.Value, 10)
	for i := range values {
		values[i] = tla.MakeRecord([]tla.RecordField{
			{Key: tla.MakeString("type"), Value: tla.MakeString("put")},
			{Key: tla.MakeString("key"), Value: tla.MakeString("user1234")},
			{Key: tla.MakeString("value"), Value: tla.MakeString(string(make([]byte, 100)))},
			{Key: tla.MakeString("from"), Value: tla.MakeNumber(int32(i))},
		})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := encodeFrame(mailboxFrame{kind: framePrepare, session: 1, seq: 2, prep: 3, values: values}); err != nil {
			b.Fatal(err)
		}
	}
}
