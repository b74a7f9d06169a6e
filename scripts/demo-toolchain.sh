#!/usr/bin/env bash
# The toolchain on one example: vet an MPCal spec, compile it to PlusCal and TLA+ (pcalgen),
# model-check it (check), compile it to Go (gogen) and run the Go over TCP on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bin
go build -o bin/mpgo ./cmd/mpgo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp examples/echo/Echo.tla examples/echo/Echo.cfg "$work/"
step() { printf '\n== %s\n' "$*"; }
step "mpgo vet Echo.tla"
./bin/mpgo vet "$work/Echo.tla" && echo "no problems found"
step "mpgo pcalgen Echo.tla   (MPCal -> PlusCal -> TLA+, written into the spec)"
./bin/mpgo pcalgen "$work/Echo.tla"
sed -n '/BEGIN PLUSCAL TRANSLATION/,/END PLUSCAL TRANSLATION/p' "$work/Echo.tla" | head -40
step "mpgo check -config Echo.cfg Echo.tla"
./bin/mpgo check -workers 2 -config "$work/Echo.cfg" "$work/Echo.tla" | grep -E 'states generated|depth|No error|Error'
step "mpgo gogen -p echo Echo.tla   (the same archetypes as Go)"
./bin/mpgo gogen -p echo -o "$work/echo.go" "$work/Echo.tla"
grep -n '^var A\|^func ' "$work/echo.go"
cmp -s "$work/echo.go" examples/echo/echo/echo.go && echo "(identical to the committed examples/echo/echo/echo.go)"
step "go run ./examples/echo   (compiled archetypes over TCP mailboxes on loopback)"
go run ./examples/echo
