#!/usr/bin/env bash
# Model-checks the specs in specs/ with their configurations in tlc/: the CI configurations
# (tlc/<spec>.cfg and tlc/<spec>-<variant>.cfg) by default, the large ones
# (tlc/<spec>-large.cfg) with -long.
set -euo pipefail
cd "$(dirname "$0")/.."
long=false
[ "${1:-}" = "-long" ] && long=true
shopt -s nullglob
status=0
for spec in specs/*.tla; do
  name=$(basename "$spec" .tla)
  for cfg in "tlc/${name}.cfg" tlc/"${name}"-*.cfg; do
    [ -f "$cfg" ] || continue
    case "$cfg" in
      *-large.cfg) $long || continue ;;
      *) $long && continue ;;
    esac
    echo "== mpgo check -config $cfg $spec"
    ./bin/mpgo check -workers "${WORKERS:-2}" -config "$cfg" "$spec" || status=$?
  done
done
exit $status
