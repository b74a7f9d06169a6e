package raftnet

import (
	"net"
	"testing"

	"github.com/mpgo/mpgo/cmd/raftkv/internal/config"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

func TestClientIDs(t *testing.T) {
	a, b := NewClientID("127.0.0.1:4000"), NewClientID("127.0.0.1:4000")
	if a.Equal(b) {
		t.Errorf("two client ids on one port are equal: %v", a)
	}
	for _, id := range []tla.Value{a, NewClientID("[::1]:4000")} {
		addr, ok := ClientAddr(id)
		if !ok {
			t.Fatalf("ClientAddr(%v): not a client id", id)
		}
		if _, _, err := net.SplitHostPort(addr); err != nil {
			t.Errorf("ClientAddr(%v) = %q: %v", id, addr, err)
		}
	}
	if addr, _ := ClientAddr(a); addr != "127.0.0.1:4000" {
		t.Errorf("ClientAddr = %q", addr)
	}
	for _, v := range []tla.Value{tla.MakeNumber(1), tla.MakeString("x"), tla.MakeString("c/nonce-only"), tla.MakeTuple()} {
		if _, ok := ClientAddr(v); ok {
			t.Errorf("ClientAddr(%v): accepted", v)
		}
	}
}

func TestDetectorsClientProbe(t *testing.T) {
	cfg := &config.Config{Servers: []config.Server{{ID: 1, Mailbox: "127.0.0.1:1", Monitor: "127.0.0.1:2", Admin: "127.0.0.1:3"}}}
	cfg.Timeouts = config.Defaults().Timeouts
	d := NewDetectors(cfg, 1)
	defer d.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	live := l.Addr().String()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	dead, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadAddr := dead.Addr().String()
	dead.Close()
	defer l.Close()

	fd := d.FD()
	read := func(id tla.Value) bool {
		leaf, err := fd.Index(distsys.ArchetypeInterface{}, id)
		if err != nil {
			t.Fatal(err)
		}
		v, err := leaf.ReadValue(distsys.ArchetypeInterface{})
		if err != nil {
			t.Fatal(err)
		}
		return v.AsBool()
	}
	if read(NewClientID(live)) {
		t.Error("a live client is suspected")
	}
	if !read(NewClientID(deadAddr)) {
		t.Error("a dead client is not suspected")
	}
	if read(tla.MakeNumber(1)) {
		t.Error("self is suspected")
	}
}
