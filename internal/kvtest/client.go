package kvtest

import (
	"context"
	"errors"
)

// Client is a client of a replicated key-value store.
//
// A method that returns a non-nil error leaves the outcome unknown: the request may or may
// not have taken effect (and may still take effect later). The exception is an error that
// wraps [ErrNotApplied], which the client returns only when it knows for certain that the
// request had no effect.
//
// Implementations used by [Run] are called from one goroutine each; implementations wrapped
// by [RecordingClient] may be shared if the store's client allows it.
type Client interface {
	// Get returns the value stored under key, or found == false if there is none.
	Get(ctx context.Context, key string) (value string, found bool, err error)
	// Put stores value under key.
	Put(ctx context.Context, key, value string) error
	// Close releases the client's resources.
	Close() error
}

// ErrNotApplied is wrapped by a Client error that means "the request definitely did not
// take effect" (for example, it was rejected before being sent). Any other error means the
// outcome is unknown.
var ErrNotApplied = errors.New("kvtest: request not applied")
