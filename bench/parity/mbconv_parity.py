#!/usr/bin/env python3
"""PyTorch side of the NasLab <-> PyTorch parity check.

Builds a small MBConv network (stem, two inverted-residual blocks with SE, swish / hard-swish,
a residual, a head), writes its initial weights and 10 batches, then trains it for 10 SGD steps
(momentum, Nesterov, weight decay, label smoothing) and writes the reference losses and the
first forward pass's logits. NasLab's test (tests/Torch.Tests/PyTorchParityTests.cs) rebuilds
the same network from the same weights, replays the batches and must match to 1e-4.

usage: mbconv_parity.py OUTPUT_DIR
"""
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nlstate  # noqa: E402

STEPS, BATCH, CLASSES = 10, 16, 10


class SqueezeExcite(nn.Module):
    def __init__(self, channels, reduced, act):
        super().__init__()
        self.reduce = nn.Conv2d(channels, reduced, 1)
        self.expand = nn.Conv2d(reduced, channels, 1)
        self.act = act

    def forward(self, x):
        s = F.adaptive_avg_pool2d(x, 1)
        return x * torch.sigmoid(self.expand(self.act(self.reduce(s))))


class MBConv(nn.Module):
    def __init__(self, cin, cout, expand, kernel, stride, se_reduced, act):
        super().__init__()
        mid = cin * expand
        self.act = act
        self.expand_conv = nn.Conv2d(cin, mid, 1, bias=False)
        self.expand_bn = nn.BatchNorm2d(mid)
        self.dw_conv = nn.Conv2d(mid, mid, kernel, stride, kernel // 2, groups=mid, bias=False)
        self.dw_bn = nn.BatchNorm2d(mid)
        self.se = SqueezeExcite(mid, se_reduced, act)
        self.project_conv = nn.Conv2d(mid, cout, 1, bias=False)
        self.project_bn = nn.BatchNorm2d(cout)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.act(self.expand_bn(self.expand_conv(x)))
        y = self.act(self.dw_bn(self.dw_conv(y)))
        y = self.se(y)
        y = self.project_bn(self.project_conv(y))
        return x + y if self.residual else y


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem_conv = nn.Conv2d(3, 16, 3, 2, 1, bias=False)
        self.stem_bn = nn.BatchNorm2d(16)
        self.block1 = MBConv(16, 24, 4, 3, 2, 4, nn.SiLU())
        self.block2 = MBConv(24, 24, 3, 5, 1, 6, nn.Hardswish())
        self.head_conv = nn.Conv2d(24, 64, 1, bias=False)
        self.head_bn = nn.BatchNorm2d(64)
        self.classifier = nn.Linear(64, CLASSES)

    def forward(self, x):
        x = F.relu6(self.stem_bn(self.stem_conv(x)))
        x = self.block2(self.block1(x))
        x = F.hardswish(self.head_bn(self.head_conv(x)))
        return self.classifier(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(1234)
    torch.set_num_threads(1)
    net = Net()
    nlstate.save(os.path.join(out_dir, "init.nlstate"), nlstate.state_entries(net))

    xs = torch.randn(STEPS, BATCH, 3, 32, 32)
    ys = torch.randint(0, CLASSES, (STEPS, BATCH))
    nlstate.save(os.path.join(out_dir, "batches.nlstate"), [("x", xs), ("y", ys)])

    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=4e-5)
    losses = []
    first_logits = None
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
    nlstate.save(os.path.join(out_dir, "reference.nlstate"), [
        ("losses", torch.tensor(losses, dtype=torch.float64)),
        ("first_logits", first_logits),
        ("eval_logits", eval_logits),
    ] + [("final." + n, t) for n, t in nlstate.state_entries(net)])
    print(f"pytorch {torch.__version__}: 10 SGD steps, losses {losses[0]:.5f} -> {losses[-1]:.5f}; wrote {out_dir}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
