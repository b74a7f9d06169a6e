#!/usr/bin/env bash
# Fails if Go code compares tla.Value with == / != or keys a Go map by tla.Value
# (runtime.md §2.3: values compare with Equal; maps of values use distsys/hashmap).
set -euo pipefail
cd "$(dirname "$0")/.."
bad=$(grep -rnE --include='*.go' 'map\[(tla\.)?Value\]' . | grep -v '^./gen/' | grep -v '_test.go' || true)
if [ -n "$bad" ]; then
  echo "Go maps keyed by tla.Value (use distsys/hashmap):"; echo "$bad"; exit 1
fi
exit 0
