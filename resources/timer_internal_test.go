package resources

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestTimerDrawsInRange(t *testing.T) {
	const timeout, offset = 100 * time.Millisecond, 50 * time.Millisecond
	timer := NewTimerResource(timeout, offset).(*TimerResource)
	seen := map[time.Duration]bool{}
	for range 1000 {
		d := timer.draw()
		assert.GreaterOrEqual(t, d, timeout)
		assert.Less(t, d, timeout+offset)
		seen[d] = true
	}
	assert.Greater(t, len(seen), 100, "randomized")
	fixed := NewTimerResource(timeout, 0).(*TimerResource)
	assert.Equal(t, timeout, fixed.draw())
}
