#!/usr/bin/env bash
# The project's test command (README names it; .ci/run calls it).
# Runs vet, every test (unit, conformance, end-to-end with the real aws CLI, boto3 and aws-sdk-go-v2),
# and each fuzz target for a bounded number of executions.
set -euo pipefail
cd "$(dirname "$0")/.."

# Fuzzing is bounded by a count of executions, not a duration: with a duration, Go 1.26's fuzz
# coordinator can fail a target with a bare "context deadline exceeded" at the deadline, having
# found nothing (golang/go#75804, fixed in Go 1.27).
FUZZTIME=${FUZZTIME:-10000x}

# No time limit here decides pass or fail. GO_TEST_TIMEOUT is only a hang guard for each test
# binary and each fuzz target: far above what the slowest of them needs on a loaded 2-core
# machine (the e2e package, about 9 minutes with eight builds and test runs sharing two cores;
# a fuzz target's first instrumented build of the module, about 4), and below CI's 90-minute
# limit, so that a hung test is still reported with its goroutines instead of being killed
# silently. The e2e tests derive their own waits from it (e2e/harness_test.go, hangGuard).
# GO_TEST_TIMEOUT=0 removes it.
GO_TEST_TIMEOUT=${GO_TEST_TIMEOUT:-60m}

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 -timeout "$GO_TEST_TIMEOUT" ./...

echo "== fuzz (-fuzztime ${FUZZTIME} each)"
# Every Fuzz* function in the module, run one at a time for a bounded number of executions.
grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do
  pkg="./$(dirname "${f#./}")"
  for fn in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //'); do
    echo "-- $pkg $fn"
    go test -run='^$' -fuzz="^${fn}\$" -fuzztime="$FUZZTIME" -timeout="$GO_TEST_TIMEOUT" "$pkg"
  done
done
