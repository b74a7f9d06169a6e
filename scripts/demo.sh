#!/usr/bin/env bash
# The main job (make demo): build bin/raftkv and run its crash-recovery demo, a 3-server
# raftkv cluster of processes on loopback that loses its leader to SIGKILL, elects a new
# one without losing an acknowledged write, and gets the old leader back (caught up from
# its own data directory). The toolchain demo is scripts/demo-toolchain.sh (make demo-toolchain).
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
mkdir -p bin
echo "building bin/raftkv"
"$GO" build -o bin/raftkv ./cmd/raftkv
exec ./bin/raftkv demo "$@"
