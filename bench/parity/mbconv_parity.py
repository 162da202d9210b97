#!/usr/bin/env python3
"""PyTorch side of the NasLab (TorchSharp) <-> PyTorch parity check.

Builds, independently in PyTorch, the block network of
tests/SearchSpace.Tests/Builder/PyTorchParityTests.cs (NasLab's builder semantics, BUILDER_NOTES.md):
stem conv 3x3/2 + BN + ReLU6; MBConv e4 k3 s2 with SE (swish, sigmoid gate); MBConv e3 k5 s1 with
MobileNetV3 SE (ReLU, hard-sigmoid gate), hard-swish and an identity residual; MBConv e2 MixConv
k3.5 with a pool-skip 1x1 projection; head 1x1 conv 64 + BN + hard-swish, pool, linear. Parameter
and buffer names equal the builder's (stem.conv.weight, stages.0.0.dw.bn.running_mean, ...).

Writes init.safetensors (the initial state), batches.safetensors (10 batches), trains 10 SGD steps
(momentum, Nesterov, weight decay, label smoothing) and writes reference.safetensors: losses,
first-step logits, eval-mode logits and every final state entry ("final.<name>").

usage: mbconv_parity.py OUTPUT_DIR
"""
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

STEPS, BATCH, CLASSES = 10, 16, 10


class ConvBnAct(nn.Module):
    def __init__(self, cin, cout, k, stride, act, groups=1):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.act = act

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class MixConv(nn.ModuleList):
    """Depthwise convs on channel groups (equal, remainder to the first), concatenated."""

    def __init__(self, channels, kernels, stride):
        splits = [channels // len(kernels)] * len(kernels)
        splits[0] += channels - sum(splits)
        super().__init__([nn.Conv2d(c, c, k, stride, k // 2, groups=c, bias=False) for c, k in zip(splits, kernels)])
        self.splits = splits

    def forward(self, x):
        return torch.cat([conv(p) for conv, p in zip(self, torch.split(x, self.splits, 1))], 1)


class DepthwiseBnAct(nn.Module):
    def __init__(self, channels, kernels, stride, act):
        super().__init__()
        if len(kernels) == 1:
            k = kernels[0]
            self.conv = nn.Conv2d(channels, channels, k, stride, k // 2, groups=channels, bias=False)
        else:
            self.conv = MixConv(channels, kernels, stride)
        self.bn = nn.BatchNorm2d(channels)
        self.act = act

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class SqueezeExcite(nn.Module):
    def __init__(self, channels, reduced, act, gate):
        super().__init__()
        self.reduce = nn.Conv2d(channels, reduced, 1)
        self.expand = nn.Conv2d(reduced, channels, 1)
        self.act, self.gate = act, gate

    def forward(self, x):
        return x * self.gate(self.expand(self.act(self.reduce(F.adaptive_avg_pool2d(x, 1)))))


class MBConv(nn.Module):
    def __init__(self, cin, cout, mid, kernels, stride, act, se=None, skip="identity"):
        super().__init__()
        self.expand = ConvBnAct(cin, mid, 1, 1, act)
        self.dw = DepthwiseBnAct(mid, kernels, stride, act)
        if se is not None:
            self.se = se
        self.project = ConvBnAct(mid, cout, 1, 1, nn.Identity())
        self.skip_kind = skip
        if skip == "pool" and cin != cout:
            self.skip = ConvBnAct(cin, cout, 1, 1, nn.Identity())
        assert skip != "pool" or stride == 1, "this reference only needs the stride-1 pool skip"
        self.identity = skip == "identity" and stride == 1 and cin == cout

    def forward(self, x):
        y = self.dw(self.expand(x))
        if hasattr(self, "se"):
            y = self.se(y)
        y = self.project(y)
        if self.identity:
            return x + y
        if self.skip_kind == "pool":
            return y + (self.skip(x) if hasattr(self, "skip") else x)
        return y


class Head(nn.Module):
    def __init__(self, cin, channels, classes):
        super().__init__()
        self.conv = nn.Conv2d(cin, channels, 1, bias=False)
        self.bn = nn.BatchNorm2d(channels)
        self.classifier = nn.Linear(channels, classes)

    def forward(self, x):
        x = F.hardswish(self.bn(self.conv(x)))
        return self.classifier(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = ConvBnAct(3, 16, 3, 2, nn.ReLU6())
        self.stages = nn.ModuleList([
            # se0.25 (block style): int(16 * 0.25) = 4, block activation, sigmoid gate
            nn.ModuleList([MBConv(16, 24, 64, [3], 2, nn.SiLU(), SqueezeExcite(64, 4, nn.SiLU(), torch.sigmoid))]),
            # hse0.25 (MobileNetV3): make_divisible(72 * 0.25 = 18) = 24, ReLU, hard-sigmoid gate
            nn.ModuleList([MBConv(24, 24, 72, [5], 1, nn.Hardswish(), SqueezeExcite(72, 24, nn.ReLU(), F.hardsigmoid))]),
            nn.ModuleList([MBConv(24, 32, 48, [3, 5], 1, nn.SiLU(), skip="pool")]),
        ])
        self.head = Head(32, 64, CLASSES)

    def forward(self, x):
        x = self.stem(x)
        for stage in self.stages:
            for block in stage:
                x = block(x)
        return self.head(x)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(1234)
    torch.set_num_threads(1)
    net = Net()
    safetensors_io.save(os.path.join(out_dir, "init.safetensors"), net.state_dict().items())

    xs = torch.randn(STEPS, BATCH, 3, 32, 32)
    ys = torch.randint(0, CLASSES, (STEPS, BATCH))
    safetensors_io.save(os.path.join(out_dir, "batches.safetensors"), [("x", xs), ("y", ys)])

    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=4e-5)
    losses, first_logits = [], None
    net.train()
    for step in range(STEPS):
        opt.zero_grad()
        logits = net(xs[step])
        if first_logits is None:
            first_logits = logits.detach().clone()
        loss = F.cross_entropy(logits, ys[step], label_smoothing=0.1)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    net.eval()
    with torch.no_grad():
        eval_logits = net(xs[0])
    safetensors_io.save(os.path.join(out_dir, "reference.safetensors"), [
        ("losses", torch.tensor(losses, dtype=torch.float64)),
        ("first_logits", first_logits),
        ("eval_logits", eval_logits),
    ] + [("final." + n, t) for n, t in net.state_dict().items()])
    print(f"pytorch {torch.__version__}: 10 SGD steps, losses {losses[0]:.5f} -> {losses[-1]:.5f}; "
          f"{len(net.state_dict())} state entries; wrote {out_dir}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
