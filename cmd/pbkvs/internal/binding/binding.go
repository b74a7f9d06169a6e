// Package binding maps the parameters and constants of specs/pbkvs.tla and
// specs/leaderelection.tla onto Go values and resources, for a cluster described by a
// config.Config. Replica processes (package node) and client processes (package client)
// share it, so both sides agree on ids, mailbox addresses and message shapes.
//
// Ids. Replicas are the numbers 1..N. A client session is the string
// config.ClientID(slot, nonce): its slot gives the addresses of its response mailbox and
// of its Monitor, and its random nonce keeps the spec's per-client done table from taking
// a new session's first puts for retries of an old one.
//
// Mailboxes. net[<<r, "req">>], net[<<r, "rep">>] and net[<<r, "ack">>] of replica r
// listen on consecutive ports from r's mailbox address (config.Offset*); the
// leader-election mailbox net[r] of gen/leaderelection follows them; net[<<c, "resp">>]
// of client c listens at the address of c's slot.
package binding

import (
	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

// Mailbox kinds of specs/pbkvs.tla.
const (
	KindReq  = "req"
	KindRep  = "rep"
	KindAck  = "ack"
	KindResp = "resp"
)

// Null is the spec's NULL, the value a get of a missing key answers. Values written by
// clients are strings, so a number never collides with one.
var Null = tla.MakeNumber(0)

// Constants returns the definitions of the constants gen/pbkvs reads (NUM_REPLICAS,
// BATCH, NULL). gen/leaderelection reads NUM_REPLICAS only.
func Constants(cfg *config.Config) []distsys.MPCalContextConfigFn {
	return []distsys.MPCalContextConfigFn{
		distsys.DefineConstantValue("NUM_REPLICAS", tla.MakeNumber(int32(cfg.N()))),
		distsys.DefineConstantValue("BATCH", tla.MakeNumber(int32(cfg.Batch))),
		distsys.DefineConstantValue("NULL", Null),
	}
}

// ElectionConstants returns the constants of gen/leaderelection.
func ElectionConstants(cfg *config.Config) []distsys.MPCalContextConfigFn {
	return []distsys.MPCalContextConfigFn{
		distsys.DefineConstantValue("NUM_REPLICAS", tla.MakeNumber(int32(cfg.N()))),
	}
}

// ReplicaID returns the id of replica r.
func ReplicaID(r int) tla.Value { return tla.MakeNumber(int32(r)) }

// ElectionSelf returns the self of replica r's AElection context (distinct from the
// replica's AReplica context in the process's Monitor).
func ElectionSelf(r int) tla.Value { return tla.MakeTuple(ReplicaID(r), tla.MakeString("le")) }

// Index returns the mailbox index <<node, kind>>.
func Index(node tla.Value, kind string) tla.Value {
	return tla.MakeTuple(node, tla.MakeString(kind))
}

// AsReplica returns the replica id v denotes, if it is one of cfg's replicas.
func AsReplica(cfg *config.Config, v tla.Value) (int, bool) {
	if !v.IsNumber() {
		return 0, false
	}
	r := int(v.AsNumber())
	if r < 1 || r > cfg.N() {
		return 0, false
	}
	return r, true
}

// AsClient returns the slot of the client session id v, if it is one.
func AsClient(cfg *config.Config, v tla.Value) (int, bool) {
	if !v.IsString() {
		return 0, false
	}
	return cfg.ClientSlot(v.AsString())
}

// invalidAddr is the address of a mailbox index that names no node: dialling it fails,
// so a write to it aborts its section. Replicas never write to such a mailbox: they only
// answer clients their failure detector does not report crashed, and it reports every
// malformed client id crashed (see NewReplicaFD).
const invalidAddr = "invalid.invalid:1"

// kindOffset returns the port offset of a replica mailbox kind.
func kindOffset(kind string) (int, bool) {
	switch kind {
	case KindReq:
		return config.OffsetReq, true
	case KindRep:
		return config.OffsetRep, true
	case KindAck:
		return config.OffsetAck, true
	}
	return 0, false
}

// PBKVSMailboxes returns the net parameter of an AReplica or AClient context whose own
// node is self (a replica id or a client id; clientSlot is its slot, or -1 for a replica).
// Its local mailboxes listen from the constructor on; a bind failure panics (bind the
// ports first to report it as an error).
func PBKVSMailboxes(cfg *config.Config, self tla.Value, clientSlot int, opts ...resources.MailboxesOption) *resources.Mailboxes {
	mapping := func(idx tla.Value) (resources.MailboxKind, string) {
		addr, node, ok := mailboxAddr(cfg, idx)
		if ok && node.Equal(self) {
			return resources.MailboxesLocal, addr
		}
		return resources.MailboxesRemote, addr
	}
	var locals []tla.Value
	if clientSlot >= 0 {
		locals = []tla.Value{Index(self, KindResp)}
	} else {
		locals = []tla.Value{Index(self, KindReq), Index(self, KindRep), Index(self, KindAck)}
	}
	opts = append(opts, resources.WithMailboxesLocalIndices(locals...))
	return resources.NewTCPMailboxes(mapping, opts...)
}

// isPair reports whether v is a 2-tuple. (AsTuple().Len() would build a persistent
// list per call, a measurable cost on the mailbox-indexing hot path.)
func isPair(v tla.Value) bool { return v.IsTuple() && tla.ModuleLen(v).AsNumber() == 2 }

// mailboxAddr returns the address of mailbox <<node, kind>> and its node, or invalidAddr
// and false for an index that names no mailbox.
func mailboxAddr(cfg *config.Config, idx tla.Value) (string, tla.Value, bool) {
	if !isPair(idx) {
		return invalidAddr, tla.Value{}, false
	}
	node, kindV := idx.ApplyFunction(tla.MakeNumber(1)), idx.ApplyFunction(tla.MakeNumber(2))
	if !kindV.IsString() {
		return invalidAddr, tla.Value{}, false
	}
	kind := kindV.AsString()
	if r, ok := AsReplica(cfg, node); ok {
		if off, ok := kindOffset(kind); ok {
			return cfg.MailboxAddr(r, off), node, true
		}
	} else if slot, ok := AsClient(cfg, node); ok && kind == KindResp {
		return cfg.ClientMailboxAddr(slot), node, true
	}
	return invalidAddr, tla.Value{}, false
}

// ElectionMailboxes returns the net parameter of replica me's AElection context:
// net[j] is replica j's leader-election mailbox.
func ElectionMailboxes(cfg *config.Config, me int, opts ...resources.MailboxesOption) *resources.Mailboxes {
	mapping := func(idx tla.Value) (resources.MailboxKind, string) {
		r, ok := AsReplica(cfg, idx)
		if !ok {
			return resources.MailboxesRemote, invalidAddr
		}
		kind := resources.MailboxesRemote
		if r == me {
			kind = resources.MailboxesLocal
		}
		return kind, cfg.MailboxAddr(r, config.OffsetElection)
	}
	opts = append(opts, resources.WithMailboxesLocalIndices(ReplicaID(me)))
	return resources.NewTCPMailboxes(mapping, opts...)
}

// ReplicaFDOptions returns the failure-detector options for replicas watching replicas.
func ReplicaFDOptions(cfg *config.Config) []resources.FailureDetectorOption {
	t := cfg.Timeouts
	return []resources.FailureDetectorOption{
		resources.WithFailureDetectorPullInterval(t.FDInterval),
		resources.WithFailureDetectorTimeout(t.FDTimeout),
		resources.WithFailureDetectorGracePeriod(t.FDGrace),
	}
}

// ReplicaMonitorAddr maps a replica id to its Monitor (a FailureDetectorAddressMappingFn).
func ReplicaMonitorAddr(cfg *config.Config) resources.FailureDetectorAddressMappingFn {
	return func(id tla.Value) string {
		r, ok := AsReplica(cfg, id)
		if !ok {
			return invalidAddr
		}
		return cfg.MonitorAddr(r)
	}
}

// Request is a client operation as AClient reads it from its input: [op, key, value].
func Request(op, key string, value tla.Value) tla.Value {
	return tla.MakeRecord([]tla.RecordField{
		{Key: tla.MakeString("op"), Value: tla.MakeString(op)},
		{Key: tla.MakeString("key"), Value: tla.MakeString(key)},
		{Key: tla.MakeString("value"), Value: value},
	})
}

// Answer is a primary's answer [from, to, id, value] as AClient outputs it.
type Answer struct {
	From  int    // the replica that answered
	ID    int    // the id of the request (the client's reqNo)
	Value string // the value written (put) or read (get)
	Found bool   // false: a get of a missing key (the spec's NULL)
}

// ParseAnswer decodes an answer record; ok is false if v is not one.
func ParseAnswer(v tla.Value) (a Answer, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false // a malformed value (tla panics on type errors)
		}
	}()
	if !v.IsFunction() {
		return Answer{}, false
	}
	from := v.ApplyFunction(tla.MakeString("from"))
	id := v.ApplyFunction(tla.MakeString("id"))
	val := v.ApplyFunction(tla.MakeString("value"))
	if !from.IsNumber() || !id.IsNumber() {
		return Answer{}, false
	}
	a = Answer{From: int(from.AsNumber()), ID: int(id.AsNumber())}
	if val.IsString() {
		a.Value, a.Found = val.AsString(), true
	}
	return a, true
}
