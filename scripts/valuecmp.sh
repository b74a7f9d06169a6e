#!/usr/bin/env bash
# Fails if Go code compares tla.Value with ==/!= or keys a Go map by tla.Value (runtime.md §2.3).
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./internal/valuecmp ./...
