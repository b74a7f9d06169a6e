#!/usr/bin/env bash
# The main job (make demo). Until the raftkv cluster demo exists this is the toolchain demo.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./scripts/demo-toolchain.sh
