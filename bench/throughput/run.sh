#!/usr/bin/env bash
# Training throughput, NasLab (TorchSharp, libtorch 2.10) vs PyTorch (Debian's, libtorch 1.13) on
# this machine, NCHW and channels-last. Runs the engines one after the other, alternating, ROUNDS
# times, and reports per engine the median of the per-round medians, plus the NasLab / PyTorch
# ratio. Writes RESULTS.md beside itself.
#   bench/throughput/run.sh [ROUNDS]
# BASELINE_BENCH_DLL=path/to/Torch.Bench.dll adds a third engine to the same rounds: the Torch.Bench
# of an older NasLab build (the retired libtorch-1.13 shim, commit 650cce8), for a before/after ratio.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ROUNDS="${1:-3}"
"$ROOT/bootstrap.sh" --quiet --bench
dotnet build "$ROOT/bench/Torch.Bench/Torch.Bench.csproj" -c Release --nologo -v quiet -o "$ROOT/artifacts/bench/torch" >/dev/null
out=$(mktemp)
for r in $(seq "$ROUNDS"); do
  echo "[bench] round $r/$ROUNDS: PyTorch" >&2
  /usr/bin/python3 "$HERE/pytorch_throughput.py" >> "$out"
  echo "[bench] round $r/$ROUNDS: NasLab" >&2
  dotnet "$ROOT/artifacts/bench/torch/Torch.Bench.dll" >> "$out"
  if [ -n "${BASELINE_BENCH_DLL:-}" ]; then
    echo "[bench] round $r/$ROUNDS: baseline engine ($BASELINE_BENCH_DLL)" >&2
    dotnet "$BASELINE_BENCH_DLL" | sed 's/"engine":"naslab"/"engine":"baseline"/' >> "$out"
  fi
done
/usr/bin/python3 - "$out" "$HERE/RESULTS.md" "$ROUNDS" <<'PY'
import json, statistics, sys, platform, subprocess
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
key = lambda r: (r["network"], r["format"])
med = {}
for r in rows:
    med.setdefault((r["engine"],) + key(r), []).append(r["median_images_per_s"])
params = {(r["engine"], r["network"]): r["params"] for r in rows}
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
base = any(k[0] == "baseline" for k in med)
versions = {r["engine"]: r.get("version", "?") for r in rows}
lines = [f"Training throughput, batch 128, 32x32, 10 classes, 2 threads, {sys.argv[3]} alternating rounds; CPU: {cpu}.",
         f"Engines: NasLab on {versions.get('naslab')}, PyTorch {versions.get('pytorch')}"
         + (f", baseline = the retired NasLab engine (libtorch {versions.get('baseline')} shim)." if base else "."),
         "Images/s are the median over rounds of each round's median of 5 timed repetitions of 5 steps.", "",
         "| network | params (NasLab / PyTorch) | format | PyTorch img/s | NasLab img/s | NasLab / PyTorch |"
         + (" baseline img/s | NasLab / baseline |" if base else ""),
         "|---|---|---|---|---|---|" + ("---|---|" if base else "")]
for net in ["mobilenet-v2-0.5", "mnasnet-b1-0.5"]:
    for fmt in ["nchw", "channels_last"]:
        p = statistics.median(med[("pytorch", net, fmt)]); n = statistics.median(med[("naslab", net, fmt)])
        line = f"| {net} | {params[('naslab', net)]:,} / {params[('pytorch', net)]:,} | {fmt} | {p:.0f} | {n:.0f} | {n / p:.2f} |"
        if base:
            b = statistics.median(med[("baseline", net, fmt)])
            line += f" {b:.0f} | {n / b:.2f} |"
        lines.append(line)
text = "\n".join(lines)
print(text)
open(sys.argv[2], "w").write("# Training throughput: NasLab vs PyTorch\n\n" + text + "\n")
PY
rm -f "$out"
