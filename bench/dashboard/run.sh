#!/usr/bin/env bash
# The dashboard's trials page on a LiteDB store of 10,000 trials (bench/Dashboard.Bench): first response, cold and
# warm, and one live update. The store is filled once (a few minutes: every trial is a real queue round trip, each
# commit fsynced) and kept in /tmp for later runs. Usage: bench/dashboard/run.sh [trials] [updates]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
dotnet build bench/Dashboard.Bench/Dashboard.Bench.csproj -c Release --nologo -v quiet >/dev/null
dotnet bench/Dashboard.Bench/bin/Release/net10.0/Dashboard.Bench.dll "$@"
