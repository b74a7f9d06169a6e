#!/usr/bin/env bash
# Fails if scripts/gen.sh would change anything: every translation inside specs/ and examples/
# and every generated Go file under gen/ and examples/ must be what the compiler produces now.
# (On CI the tree is the commit, so this is `scripts/gen.sh && git diff --exit-code`; locally it
# compares with the working tree, uncommitted edits included.)
set -euo pipefail
cd "$(dirname "$0")/.."
snapshot() {
  find gen specs examples -type f \( -name '*.tla' -o -name '*.go' \) -print0 | sort -z | xargs -0 sha256sum
}
before=$(snapshot)
./scripts/gen.sh
after=$(snapshot)
if [ "$before" != "$after" ]; then
  echo "scripts/gen.sh changed generated files (commit its output):" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
echo "gen/, specs/ and examples/ are up to date"
