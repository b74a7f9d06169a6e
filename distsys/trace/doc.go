// Package trace records one event per critical-section attempt (JSON lines) and tracks vector clocks, as the basis for trace validation.
package trace
