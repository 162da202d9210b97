#!/usr/bin/env bash
# Installs what NasLab needs and builds it. Idempotent: every step checks first and is skipped
# when already done, so a second run takes about a second.
#
#   ./bootstrap.sh            system packages, ONNX Runtime, native shim
#   ./bootstrap.sh --bench    also torchvision, the reference networks of bench/
#   ./bootstrap.sh --cifar10  also download CIFAR-10 into data/cifar10 (needs the network)
#   ./bootstrap.sh --quiet    print only what is actually done
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ART="$ROOT/artifacts"
ORT_VERSION="1.30.0"
QUIET=0
BENCH=0
CIFAR=0
for arg in "$@"; do
  case "$arg" in
    --quiet) QUIET=1 ;;
    --bench) BENCH=1 ;;
    --cifar10) CIFAR=1 ;;
    -h|--help) sed -n '2,/^set /p' "$0" | grep '^#'; exit 0 ;;
    *) echo "bootstrap.sh: unknown option '$arg' (allowed: --bench, --cifar10, --quiet)" >&2; exit 2 ;;
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

# --- step 1: system packages (Debian / Ubuntu)
# python3-torch and python3-onnx are the independent references tests compare against.
PACKAGES=(libtorch-dev libopenblas0-pthread cmake g++ make python3-torch python3-onnx dataset-fashion-mnist)
# npm only fetches the ONNX Runtime library; any npm on PATH will do.
command -v npm >/dev/null || PACKAGES+=(npm)
[ "$BENCH" = 1 ] && PACKAGES+=(python3-torchvision)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || fail "apt-get not found; install these packages by hand: ${missing[*]}"
  say "system packages: installing ${missing[*]} (a few minutes the first time)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  ok "system packages: ${PACKAGES[*]}"
fi

# libtorch must use the optimised OpenBLAS, not the reference BLAS (matrix products 20x slower).
if command -v update-alternatives >/dev/null; then
  blas=$(update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | awk '/^Value:/{print $2}')
  case "$blas" in
    *openblas*) ok "BLAS: $blas" ;;
    "") ;;
    *) alt=$(update-alternatives --list libblas.so.3-x86_64-linux-gnu | grep openblas-pthread | head -n1)
       if [ -n "$alt" ]; then say "BLAS: switching from $blas to $alt"; as_root update-alternatives --set libblas.so.3-x86_64-linux-gnu "$alt" >/dev/null; fi ;;
  esac
fi

# --- step 2: .NET SDK (not in Debian's archive)
if command -v dotnet >/dev/null; then
  ok ".NET SDK $(dotnet --version)"
else
  fail ".NET SDK not found: install the .NET 10 SDK (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run again"
fi

# --- step 3: ONNX Runtime native library, from the npm package (its install script needs the
# network, so we only pack and unpack it).
ORT_LIB="$ART/onnxruntime/libonnxruntime.so.1"
if [ -f "$ORT_LIB" ] && [ "$(cat "$ART/onnxruntime/VERSION" 2>/dev/null)" = "$ORT_VERSION" ]; then
  ok "ONNX Runtime $ORT_VERSION"
else
  say "ONNX Runtime: fetching onnxruntime-node@$ORT_VERSION with npm pack (about 110 MB)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "onnxruntime-node@$ORT_VERSION" >/dev/null) || fail "npm pack onnxruntime-node@$ORT_VERSION failed (is the npm registry reachable?)"
  tar -xzf "$tmp"/onnxruntime-node-*.tgz -C "$tmp" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
  mkdir -p "$ART/onnxruntime"
  cp "$tmp/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$ORT_LIB"
  echo "$ORT_VERSION" > "$ART/onnxruntime/VERSION"
  say "ONNX Runtime: installed $ORT_LIB"
fi

# --- step 4: native libtorch shim (dotnet build does this too; done here so errors show early)
SHIM="$ART/native/libnaslab_torch.so"
newest_src=$(find "$ROOT/src/Torch/native" -type f -newer "$SHIM" 2>/dev/null | head -n1 || true)
if [ -f "$SHIM" ] && [ -z "$newest_src" ]; then
  ok "native shim $SHIM"
else
  say "native shim: building libnaslab_torch.so with CMake (about a minute the first time)"
  cmake -S "$ROOT/src/Torch/native" -B "$ART/native/build" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_LIBRARY_OUTPUT_DIRECTORY="$ART/native" ${Torch_DIR:+-DTorch_DIR="$Torch_DIR"} >/dev/null
  cmake --build "$ART/native/build" -j "$(nproc)" >/dev/null
  touch "$SHIM"
  say "native shim: built $SHIM"
fi

# --- step 5 (optional): the full CIFAR-10, from its canonical address
if [ "$CIFAR" = 1 ]; then
  if [ -f "$ROOT/data/cifar10/test_batch.bin" ]; then ok "CIFAR-10 in data/cifar10"
  else "$ROOT/naslab" fetch-data cifar10 "$ROOT/data/cifar10" || fail "CIFAR-10 could not be fetched (see above for where to put the files by hand)"
  fi
fi
