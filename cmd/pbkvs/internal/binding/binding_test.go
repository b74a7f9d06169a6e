package binding

import (
	"testing"
	"time"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testConfig(t *testing.T) *config.Config {
	cfg, err := config.Local("127.0.0.1", 3, 4, 31000)
	require.NoError(t, err)
	return cfg
}

func rec(fields ...any) tla.Value {
	var rf []tla.RecordField
	for i := 0; i < len(fields); i += 2 {
		rf = append(rf, tla.RecordField{Key: tla.MakeString(fields[i].(string)), Value: fields[i+1].(tla.Value)})
	}
	return tla.MakeRecord(rf)
}

var (
	num = func(n int) tla.Value { return tla.MakeNumber(int32(n)) }
	str = tla.MakeString
)

func TestValidRequest(t *testing.T) {
	cfg := testConfig(t)
	c := str(config.NewClientID(1))
	assert.True(t, ValidRequest(cfg, rec("from", c, "id", num(1), "op", str("put"), "key", str("k"), "value", str("v"))))
	assert.True(t, ValidRequest(cfg, rec("from", c, "id", num(7), "op", str("get"), "key", str("k"), "value", Null)))
	for name, v := range map[string]tla.Value{
		"number":          num(3),
		"replica sender":  rec("from", num(1), "id", num(1), "op", str("get"), "key", str("k"), "value", Null),
		"unknown client":  rec("from", str("c9-0000000000000000"), "id", num(1), "op", str("get"), "key", str("k"), "value", Null),
		"id 0":            rec("from", c, "id", num(0), "op", str("get"), "key", str("k"), "value", Null),
		"bad op":          rec("from", c, "id", num(1), "op", str("del"), "key", str("k"), "value", Null),
		"put of a number": rec("from", c, "id", num(1), "op", str("put"), "key", str("k"), "value", num(1)),
		"key not string":  rec("from", c, "id", num(1), "op", str("get"), "key", num(1), "value", Null),
		"no value":        rec("from", c, "id", num(1), "op", str("get"), "key", str("k")),
	} {
		assert.False(t, ValidRequest(cfg, v), name)
	}
}

func TestValidReplicationAndAck(t *testing.T) {
	cfg := testConfig(t)
	state := rec("kv", tla.MakeRecord([]tla.RecordField{{Key: str("k"), Value: str("v")}}),
		"done", tla.MakeRecord([]tla.RecordField{{Key: str("c0-0000000000000000"), Value: num(3)}}))
	good := rec("from", num(1), "epoch", num(1), "seq", num(2), "full", tla.ModuleTRUE, "body", state)
	assert.True(t, validReplication(cfg, good))
	bad := rec("from", num(1), "epoch", num(1), "seq", num(2), "full", tla.ModuleTRUE,
		"body", rec("kv", tla.MakeRecord([]tla.RecordField{{Key: str("k"), Value: num(1)}}), "done", tla.MakeRecord(nil)))
	assert.False(t, validReplication(cfg, bad), "a value that is not a string")
	assert.False(t, validReplication(cfg, rec("from", num(4), "epoch", num(1), "seq", num(2), "full", tla.ModuleTRUE, "body", state)), "not a replica")
	assert.True(t, validAck(cfg, rec("from", num(2), "to", num(1), "epoch", num(1), "seq", num(2))))
	assert.False(t, validAck(cfg, rec("from", num(2), "epoch", str("1"), "seq", num(2))))
}

func TestParseAnswer(t *testing.T) {
	a, ok := ParseAnswer(rec("from", num(2), "to", str("c"), "id", num(5), "value", str("v")))
	require.True(t, ok)
	assert.Equal(t, Answer{From: 2, ID: 5, Value: "v", Found: true}, a)
	a, ok = ParseAnswer(rec("from", num(2), "to", str("c"), "id", num(5), "value", Null))
	require.True(t, ok)
	assert.False(t, a.Found)
	_, ok = ParseAnswer(rec("from", num(2)))
	assert.False(t, ok)
	_, ok = ParseAnswer(num(1))
	assert.False(t, ok)
}

// The inert request that replaces a malformed one comes from a client id every replica's
// detector reports crashed, so it is never answered.
func TestInertRequestIsNeverAnswered(t *testing.T) {
	cfg := testConfig(t)
	d := NewDetectors(cfg, time.Hour)
	defer d.Close()
	m := NewFDMap(cfg, d, true)
	defer m.Close()
	from := inertRequest().ApplyFunction(str("from"))
	assert.True(t, m.Crashed(from))
	res, err := m.Index(distsys.ArchetypeInterface{}, from)
	require.NoError(t, err)
	v, err := res.ReadValue(distsys.ArchetypeInterface{})
	require.NoError(t, err)
	assert.True(t, v.AsBool(), "fd[inert sender] reads TRUE")
	assert.False(t, m.Crashed(num(1)), "a replica in its grace period is not reported crashed")
	assert.Equal(t, 0, m.Sessions())
}
