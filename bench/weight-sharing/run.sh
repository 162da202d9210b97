#!/usr/bin/env bash
# Weight sharing against stand-alone training on the CIFAR-10 subset (bench/WeightSharing.Bench): ranking (Kendall
# tau), cost, and RL against random search on the same supernet. About 40 minutes with the defaults on 2 cores.
# Usage: bench/weight-sharing/run.sh [--restricted] [--e2e EXPERIMENT.yaml] [--archs 20] [--supernet-epochs 20] [--standalone-epochs 6] [--budget 100] [--seeds 3]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
dotnet build bench/WeightSharing.Bench/WeightSharing.Bench.csproj -c Release --nologo -v quiet >/dev/null
dotnet bench/WeightSharing.Bench/bin/Release/net10.0/WeightSharing.Bench.dll "$@"
