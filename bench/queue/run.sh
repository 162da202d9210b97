#!/usr/bin/env bash
# The PostgreSQL trial queue's coordination overhead and throughput (bench/Queue.Bench), on a private
# server started with tests/support/postgres-server.sh and removed afterwards. Takes about 2 minutes.
# Measures claiming and reporting only: trials cost nothing (a) or sleep 2 s (b); no training happens.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

dotnet build bench/Queue.Bench/Queue.Bench.csproj -c Release --nologo -v quiet >/dev/null
pgdir=$(mktemp -d /tmp/naslab-bench-pg.XXXXXX)
trap 'tests/support/postgres-server.sh stop "$pgdir"' EXIT
eval "$(tests/support/postgres-server.sh start "$pgdir")"
dotnet bench/Queue.Bench/bin/Release/net10.0/Queue.Bench.dll all "$NASLAB_TEST_POSTGRES"
