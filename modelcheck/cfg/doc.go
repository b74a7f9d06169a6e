// Package cfg parses TLC model configuration (.cfg) files.
package cfg
