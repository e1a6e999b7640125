#!/usr/bin/env bash
# The project's test command (README names it; .ci/run calls it).
# Runs vet, every test (unit, conformance, end-to-end with the real aws CLI, boto3 and aws-sdk-go-v2),
# and each fuzz target for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."

# Fuzzing is bounded by a count of executions, not a duration: with a duration, Go 1.26's fuzz
# coordinator can fail a target with a bare "context deadline exceeded" at the deadline, having
# found nothing (golang/go#75804, fixed in Go 1.27). Each target still gets a hard time limit.
FUZZTIME=${FUZZTIME:-10000x}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-5m}

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 -timeout 20m ./...

echo "== fuzz (-fuzztime ${FUZZTIME} each)"
# Every Fuzz* function in the module, run one at a time for a bounded time.
grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do
  pkg="./$(dirname "${f#./}")"
  for fn in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //'); do
    echo "-- $pkg $fn"
    go test -run='^$' -fuzz="^${fn}\$" -fuzztime="$FUZZTIME" -timeout="$FUZZ_TIMEOUT" "$pkg"
  done
done
