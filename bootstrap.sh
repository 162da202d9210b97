#!/usr/bin/env bash
# Installs what NasLab needs and builds it. Idempotent: every step checks first and is skipped
# when already done, so a second run takes about a second.
#
#   ./bootstrap.sh            what `naslab` needs: the .NET SDK (checked) and the NuGet packages
#                             (TorchSharp + libtorch-cpu, Microsoft.ML.OnnxRuntime, ...), restored
#                             by the first build. No system package is needed for training or latency.
#   ./bootstrap.sh --test     also the independent references the tests compare against
#                             (Debian: python3-torch, python3-onnx), Fashion-MNIST (fallback data) and
#                             chromium (the dashboard tests drive it)
#   ./bootstrap.sh --bench    also torchvision, the reference networks of bench/ (implies --test)
#   ./bootstrap.sh --cifar10  also download CIFAR-10 into data/cifar10 (needs the network)
#   ./bootstrap.sh --quiet    print only what is actually done
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
QUIET=0
TEST=0
BENCH=0
CIFAR=0
for arg in "$@"; do
  case "$arg" in
    --quiet) QUIET=1 ;;
    --test) TEST=1 ;;
    --bench) BENCH=1; TEST=1 ;;
    --cifar10) CIFAR=1 ;;
    -h|--help) sed -n '2,/^set /p' "$0" | grep '^#'; exit 0 ;;
    *) echo "bootstrap.sh: unknown option '$arg' (allowed: --test, --bench, --cifar10, --quiet)" >&2; exit 2 ;;
  esac
done

say()  { echo "[bootstrap] $*"; }
ok()   { [ "$QUIET" = 1 ] || echo "[bootstrap] $* (ok)"; }
fail() { echo "[bootstrap] error: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else fail "need root to run: $*"; fi
}

# --- step 1: .NET SDK (not in Debian's archive)
if command -v dotnet >/dev/null; then
  ok ".NET SDK $(dotnet --version)"
else
  fail ".NET SDK not found: install the .NET 10 SDK (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run again"
fi

# --- step 2 (tests and benchmarks): Debian packages of the independent references.
# python3-torch (libtorch 1.13) and python3-onnx are what the tests compare NasLab against;
# dataset-fashion-mnist is real data when the CIFAR-10 subset in ../shared is absent; chromium is the browser the
# dashboard's tests drive.
if [ "$TEST" = 1 ]; then
  PACKAGES=(python3-torch python3-onnx dataset-fashion-mnist chromium)
  [ "$BENCH" = 1 ] && PACKAGES+=(python3-torchvision)
  missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get >/dev/null || fail "apt-get not found; install these packages by hand: ${missing[*]}"
    say "test references: installing ${missing[*]} (a few minutes the first time)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    ok "test references: ${PACKAGES[*]}"
  fi
fi

# --- step 3: NuGet packages. The first build restores them (TorchSharp's libtorch-cpu-linux-x64 is
# about 1.3 GB unpacked, so the first time takes a few minutes); later builds find them cached.
if [ -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}/libtorch-cpu-linux-x64" ]; then
  ok "NuGet packages (TorchSharp, libtorch-cpu, ONNX Runtime) in the NuGet cache"
else
  say "NuGet packages: restoring TorchSharp, libtorch-cpu-linux-x64 and Microsoft.ML.OnnxRuntime (about 400 MB to download, once)"
  dotnet restore "$ROOT/NasLab.sln" --nologo -v quiet >/dev/null || fail "dotnet restore failed (is the NuGet registry reachable?)"
fi
# On glibc-2.36 hosts (Debian 12, Ubuntu 22.04) each build marks one unused libstdc++ version
# requirement of its copy of TorchSharp's native library weak: see build/TorchSharpNative.targets.

# --- step 4 (optional): the full CIFAR-10, from its canonical address
if [ "$CIFAR" = 1 ]; then
  if [ -f "$ROOT/data/cifar10/test_batch.bin" ]; then ok "CIFAR-10 in data/cifar10"
  else "$ROOT/naslab" fetch-data cifar10 "$ROOT/data/cifar10" || fail "CIFAR-10 could not be fetched (see above for where to put the files by hand)"
  fi
fi
