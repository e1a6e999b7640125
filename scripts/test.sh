#!/usr/bin/env bash
# The project's test command (README names it; .ci/run calls it).
# Runs vet, every test (unit, conformance, end-to-end with the real aws CLI, boto3 and aws-sdk-go-v2),
# and each fuzz target for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZTIME=${FUZZTIME:-10s}

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 -timeout 20m ./...

echo "== fuzz (${FUZZTIME} each)"
# Every Fuzz* function in the module, run one at a time for a bounded time.
grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do
  pkg="./$(dirname "${f#./}")"
  for fn in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //'); do
    echo "-- $pkg $fn"
    go test -run='^$' -fuzz="^${fn}\$" -fuzztime="$FUZZTIME" "$pkg"
  done
done
