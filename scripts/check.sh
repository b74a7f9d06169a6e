#!/usr/bin/env bash
# Model-checks the specs in specs/ with their configurations in tlc/: the CI configurations
# (tlc/<spec>.cfg) by default, the large ones (tlc/<spec>-large.cfg) with -long.
set -euo pipefail
cd "$(dirname "$0")/.."
suffix=""
[ "${1:-}" = "-long" ] && suffix="-large"
shopt -s nullglob
status=0
for spec in specs/*.tla; do
  name=$(basename "$spec" .tla)
  cfg="tlc/${name}${suffix}.cfg"
  [ -f "$cfg" ] || continue
  echo "== mpgo check -config $cfg $spec"
  ./bin/mpgo check -workers "${WORKERS:-2}" -config "$cfg" "$spec" || status=$?
done
exit $status
