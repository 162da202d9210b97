#!/usr/bin/env python3
"""PyTorch reference for NasLab's training-throughput benchmark.

Trains torchvision's MobileNetV2 (width 0.5) and MNASNet 0.5 (= MnasNet-B1 0.5) on random
32x32 batches of 128 with SGD (momentum 0.9, Nesterov, weight decay 4e-5) and cross-entropy,
in NCHW and channels-last, and prints one JSON line per configuration with the median images/s
over the timed repetitions. NasLab's side (bench/Torch.Bench) uses the same protocol.

usage: pytorch_throughput.py [--threads N] [--steps N] [--repeats N]
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F
import torchvision


def networks():
    return {
        "mobilenet-v2-0.5": lambda: torchvision.models.mobilenet_v2(width_mult=0.5, num_classes=10),
        "mnasnet-b1-0.5": lambda: torchvision.models.mnasnet0_5(num_classes=10),
    }


def measure(make, channels_last, batch, steps, repeats, warmup):
    torch.manual_seed(0)
    net = make()
    params = sum(p.numel() for p in net.parameters())
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    net = net.to(memory_format=fmt)
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=4e-5)
    x = torch.randn(batch, 3, 32, 32).contiguous(memory_format=fmt)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()

    for _ in range(warmup):
        step()
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        rates.append(batch * steps / (time.perf_counter() - t0))
    return params, rates


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--batch", type=int, default=128)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    for name, make in networks().items():
        for cl in (False, True):
            params, rates = measure(make, cl, a.batch, a.steps, a.repeats, a.warmup)
            print(json.dumps({
                "engine": "pytorch", "version": torch.__version__, "network": name, "params": params,
                "format": "channels_last" if cl else "nchw", "threads": a.threads, "batch": a.batch,
                "median_images_per_s": statistics.median(rates), "runs": [round(r, 1) for r in rates],
            }), flush=True)


if __name__ == "__main__":
    main()
