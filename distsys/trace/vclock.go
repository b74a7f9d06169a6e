package trace

import (
	"sync"

	"github.com/mpgo/mpgo/distsys/tla"
)

// VClockSink holds one context's vector clock. The zero value is usable and
// disabled; every method is a no-op (GetVClock: the empty clock) while
// disabled, and a nil *VClockSink behaves as a disabled one. Resources reach
// it through ArchetypeInterface.GetVClockSink, possibly from their own
// goroutines, hence the lock.
type VClockSink struct {
	mu      sync.RWMutex
	enabled bool
	clock   tla.VClock
}

// Enabled reports whether the sink tracks a clock.
func (sink *VClockSink) Enabled() bool {
	if sink == nil {
		return false
	}
	sink.mu.RLock()
	defer sink.mu.RUnlock()
	return sink.enabled
}

// SetEnabled turns clock tracking on or off.
func (sink *VClockSink) SetEnabled(enabled bool) {
	sink.mu.Lock()
	defer sink.mu.Unlock()
	sink.enabled = enabled
}

// InitCriticalSection ticks the <<name, self>> component: one tick per
// critical-section attempt.
func (sink *VClockSink) InitCriticalSection(name string, self tla.Value) {
	if sink == nil {
		return
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if sink.enabled {
		sink.clock = sink.clock.Inc(name, self)
	}
}

// WitnessVClock merges a received clock into the sink's.
func (sink *VClockSink) WitnessVClock(vclock tla.VClock) {
	if sink == nil {
		return
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if sink.enabled {
		sink.clock = sink.clock.Merge(vclock)
	}
}

// GetVClock returns the current clock (empty while disabled).
func (sink *VClockSink) GetVClock() tla.VClock {
	if sink == nil {
		return tla.VClock{}
	}
	sink.mu.RLock()
	defer sink.mu.RUnlock()
	if !sink.enabled {
		return tla.VClock{}
	}
	return sink.clock
}
