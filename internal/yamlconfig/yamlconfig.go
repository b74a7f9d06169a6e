// Package yamlconfig reads the YAML configuration files of mpgo's systems (cmd/pbkvs,
// cmd/raftkv): strict decoding over defaults, so that a misspelt key is an error rather than
// a silently ignored knob, then the configuration's own validation.
package yamlconfig

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"gopkg.in/yaml.v3"
)

// Config is what a configuration type provides: a check of a decoded value.
type Config[T any] interface {
	*T
	Validate() error
}

// Parse decodes data over defaults and validates the result. Unknown keys are errors.
func Parse[T any, P Config[T]](data []byte, defaults T) (*T, error) {
	cfg := defaults
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty configuration")
		}
		return nil, err
	}
	if err := P(&cfg).Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// Load reads the file at path and parses it as Parse does; errors name the file.
func Load[T any, P Config[T]](path string, defaults T) (*T, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	cfg, err := Parse[T, P](data, defaults)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}
