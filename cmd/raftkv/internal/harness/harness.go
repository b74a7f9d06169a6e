// Package harness runs raftkv server processes on loopback (kvtest.Cluster) and observes
// them through their admin status: who leads, and whether the servers' logs agree up to
// the commit index. The cluster tests and the demo use it.
package harness

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/mpgo/mpgo/cmd/raftkv/internal/config"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/status"
	"github.com/mpgo/mpgo/internal/kvtest"
)

// Cluster is a raftkv cluster of processes: server i (1..N) is kvtest process i-1.
type Cluster struct {
	*kvtest.Cluster
	Config     *config.Config
	ConfigPath string
}

// Config returns a loopback configuration of n servers on free ports whose data
// directory is relative ("data"), so that each server keeps its store in its own
// working directory.
func Config(n int) (*config.Config, error) {
	ports, err := kvtest.FreePorts(3 * n)
	if err != nil {
		return nil, err
	}
	return config.Loopback(n, ports, "data")
}

// Options configure New.
type Options struct {
	Binary string // the raftkv executable
	Dir    string // where the configuration, the servers' directories and logs go
	Config *config.Config
	TB     kvtest.TB // if set, kvtest.NewTestCluster is used (cleanup and logs on failure)
}

// New writes the configuration to Dir/cluster.yaml and prepares (does not start) the
// cluster.
func New(o Options) (*Cluster, error) {
	path := filepath.Join(o.Dir, "cluster.yaml")
	if err := o.Config.Write(path); err != nil {
		return nil, err
	}
	cc := kvtest.ClusterConfig{
		Binary: o.Binary,
		N:      o.Config.N(),
		Dir:    o.Dir,
		Args: func(id int) []string {
			return []string{"server", "-id", strconv.Itoa(id + 1), "-config", path}
		},
		Ready: func(ctx context.Context, id int) error {
			return kvtest.WaitForTCP(ctx, o.Config.Servers[id].Admin)
		},
		StopTimeout: 10 * time.Second,
	}
	c := &Cluster{Config: o.Config, ConfigPath: path}
	if o.TB != nil {
		c.Cluster = kvtest.NewTestCluster(o.TB, cc)
		return c, nil
	}
	kc, err := kvtest.NewCluster(cc)
	if err != nil {
		return nil, err
	}
	c.Cluster = kc
	return c, nil
}

// Process returns the kvtest process id of server id.
func Process(id int) int { return id - 1 }

// Statuses fetches every server's status (nil for a server that does not answer); upto
// > 0 asks for the hash of that many log entries.
func Statuses(ctx context.Context, cfg *config.Config, upto int) []*status.Status {
	out := make([]*status.Status, cfg.N())
	var wg sync.WaitGroup
	for i, s := range cfg.Servers {
		wg.Go(func() {
			c, cancel := context.WithTimeout(ctx, time.Second)
			defer cancel()
			if st, err := status.Fetch(c, s.Admin, upto); err == nil {
				out[i] = st
			}
		})
	}
	wg.Wait()
	return out
}

// WaitLeader waits until a server among the live ones (those not in down) reports itself
// leader and a majority of the servers report its term; it returns the leader and term.
func WaitLeader(ctx context.Context, cfg *config.Config, down ...int) (leader, term int, err error) {
	skip := map[int]bool{}
	for _, d := range down {
		skip[d] = true
	}
	err = kvtest.Poll(ctx, 20*time.Millisecond, func(ctx context.Context) error {
		sts := Statuses(ctx, cfg, 0)
		for _, st := range sts {
			if st == nil || skip[st.ID] || st.State != "leader" {
				continue
			}
			agree := 0
			for _, o := range sts {
				if o != nil && !skip[o.ID] && o.Term == st.Term && o.Leader == st.ID {
					agree++
				}
			}
			if 2*agree > cfg.N() {
				leader, term = st.ID, st.Term
				return nil
			}
		}
		return errors.New("no leader yet")
	})
	return leader, term, err
}

// LogAgreement is the outcome of WaitLogsAgree.
type LogAgreement struct {
	CommitIndex int              // the leader's commit index that every log was compared up to
	Statuses    []*status.Status // with the prefix hashes
}

// WaitLogsAgree waits until every server in ids has a commit index of at least the
// leader's current one (C) and all their logs have the same first C entries (equal
// hashes of the canonical encodings); it returns the statuses compared.
func WaitLogsAgree(ctx context.Context, cfg *config.Config, leader int, ids []int) (*LogAgreement, error) {
	var target int
	sts := Statuses(ctx, cfg, 0)
	if st := sts[leader-1]; st != nil {
		target = st.CommitIndex
	} else {
		return nil, fmt.Errorf("leader %d does not answer", leader)
	}
	var last []*status.Status
	err := kvtest.Poll(ctx, 50*time.Millisecond, func(ctx context.Context) error {
		last = Statuses(ctx, cfg, target)
		var hash string
		for _, id := range ids {
			st := last[id-1]
			if st == nil {
				return fmt.Errorf("server %d does not answer", id)
			}
			if st.CommitIndex < target || st.PrefixLength < target {
				return fmt.Errorf("server %d: commit index %d, log %d < %d", id, st.CommitIndex, st.LogLength, target)
			}
			if hash == "" {
				hash = st.PrefixHash
			} else if st.PrefixHash != hash {
				return fmt.Errorf("server %d: the first %d log entries differ (%s vs %s)", id, target, st.PrefixHash, hash)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &LogAgreement{CommitIndex: target, Statuses: last}, nil
}
