// Package status is the admin view of a raftkv server: the JSON document served at
// GET /status on the server's admin address, and a client for it.
package status

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/mpgo/mpgo/distsys/tla"
)

// Status is a server's view of itself.
type Status struct {
	ID          int    `json:"id"`
	State       string `json:"state"` // follower, candidate or leader
	Term        int    `json:"term"`
	VotedFor    int    `json:"voted_for"` // 0: none
	Leader      int    `json:"leader"`    // 0: unknown
	CommitIndex int    `json:"commit_index"`
	LogLength   int    `json:"log_length"`
	LastLogTerm int    `json:"last_log_term"`
	// PrefixLength and PrefixHash describe the first min(upto, LogLength) entries of the
	// log when the request asked for ?upto=K: SHA-256 over their canonical encodings.
	PrefixLength int    `json:"prefix_length,omitempty"`
	PrefixHash   string `json:"prefix_hash,omitempty"`
}

// HashPrefix returns the SHA-256 (hex) of the canonical binary encodings of the first
// min(upto, Len(log)) entries of log (a tuple).
func HashPrefix(log tla.Value, upto int) (string, error) {
	t := log.AsTuple()
	h := sha256.New()
	var buf []byte
	for i := range min(upto, t.Len()) {
		var err error
		if buf, err = t.Get(i).AppendBinary(buf[:0]); err != nil {
			return "", err
		}
		var n [8]byte
		l := len(buf)
		for k := range 8 {
			n[k] = byte(l >> (8 * k))
		}
		h.Write(n[:])
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Fetch asks the server whose admin address is addr for its status; upto > 0 asks for
// the hash of the first upto log entries.
func Fetch(ctx context.Context, addr string, upto int) (*Status, error) {
	url := "http://" + addr + "/status"
	if upto > 0 {
		url += "?upto=" + strconv.Itoa(upto)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s: %s", addr, resp.Status)
	}
	var st Status
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return nil, fmt.Errorf("status %s: %w", addr, err)
	}
	return &st, nil
}
