#!/usr/bin/env bash
# Runs NasLab's whole test suite: bootstraps what is missing, builds, runs every xunit project,
# and ends with one summary line "N passed, N failed, N skipped".
#   ./test.sh                      all tests
#   ./test.sh --filter Torch       only test classes whose full name contains "Torch"
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

./bootstrap.sh --quiet --test || exit 1

filter=()
if [ "${1:-}" = "--filter" ] && [ -n "${2:-}" ]; then filter=(--filter "FullyQualifiedName~$2"); fi

log=$(mktemp)
# A private PostgreSQL server for the PostgreSQL store tests (tests/support/postgres-server.sh): started here,
# stopped and deleted on exit, so every run, and CI, runs them. Its URL and password reach the tests through
# NASLAB_TEST_POSTGRES and PGPASSWORD.
pgdir=$(mktemp -d /tmp/naslab-test-pg.XXXXXX)
trap 'rm -f "$log"; tests/support/postgres-server.sh stop "$pgdir"' EXIT
echo "[test] starting a private PostgreSQL server for the store tests"
pgenv=$(tests/support/postgres-server.sh start "$pgdir") || { echo "[test] could not start the PostgreSQL test server" >&2; exit 1; }
eval "$pgenv"
echo "[test] building and running the test projects (Release)"
dotnet test NasLab.sln -c Release --nologo "${filter[@]}" \
  --logger "console;verbosity=normal" 2>&1 | tee "$log" | grep -E "^\s*(Passed!|Failed!|Failed |error |\[data\])|error CS|error MSB|Error Message|Assert|Skipped "
# dotnet test's own status, read right after the pipeline (grep finding nothing is not a failure).
status=${PIPESTATUS[0]}
# The [data] lines above say which real images the data-driven tests used (CIFAR-10 subset or Fashion-MNIST).
# A project that does not build runs no test and adds nothing to the counts: fail on it explicitly.
if grep -qE "error (CS|MSB)[0-9]+" "$log"; then echo "[test] the build failed (see the errors above)" >&2; status=1; fi

passed=$(grep -oE "Passed: +[0-9]+" "$log" | awk '{s+=$2} END{print s+0}')
failed=$(grep -oE "Failed: +[0-9]+" "$log" | awk '{s+=$2} END{print s+0}')
skipped=$(grep -oE "Skipped: +[0-9]+" "$log" | awk '{s+=$2} END{print s+0}')
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "[test] no test ran" >&2; exit 1; fi
