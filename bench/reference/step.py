"""The bench's search step in PyTorch on the CPU: the same supernet (stem, every allowed block
per layer mixed by per-sample Gumbel-softmax weights, head), the same batch, one SGD-with-momentum
w-step (forward, cross-entropy, backward, update) per timed step. Sampled mode runs one block per
layer per step, as the studio does. Reads {"layers": [...], "stem": ..., "head": ..., "batch",
"modes", "warmup", "steps", "threads"} as JSON on stdin; prints one JSON list of results."""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def bn(c):
    return nn.BatchNorm2d(c, eps=1e-5, momentum=0.1)


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, k, e, g, stride):
        super().__init__()
        mid = cin * e
        self.g = g
        self.pw1 = nn.Conv2d(cin, mid, 1, groups=g, bias=False)
        self.bn1 = bn(mid)
        self.dw = nn.Conv2d(mid, mid, k, stride=stride, padding=k // 2, groups=mid, bias=False)
        self.bn2 = bn(mid)
        self.pw2 = nn.Conv2d(mid, cout, 1, groups=g, bias=False)
        self.bn3 = bn(cout)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        h = F.relu(self.bn1(self.pw1(x)))
        if self.g > 1:
            n, c, hh, ww = h.shape
            h = h.view(n, self.g, c // self.g, hh, ww).transpose(1, 2).reshape(n, c, hh, ww)
        h = F.relu(self.bn2(self.dw(h)))
        h = self.bn3(self.pw2(h))
        return h + x if self.residual else h


class Projection(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 1, stride=stride, bias=False)
        self.bn = bn(cout)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


def make_block(name, shape):
    if name == "skip":
        return nn.Identity() if shape["identitySkip"] else Projection(shape["cIn"], shape["cOut"], shape["stride"])
    k, e = int(name[1]), int(name[4])
    g = 2 if name.endswith("_g2") else 1
    return InvertedResidual(shape["cIn"], shape["cOut"], k, e, g, shape["stride"])


class Supernet(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(spec["inputChannels"], spec["stem"]["channels"], 3, stride=spec["stem"]["stride"], padding=1, bias=False), bn(spec["stem"]["channels"]), nn.ReLU())
        self.layers = nn.ModuleList(nn.ModuleList(make_block(b, l["shape"]) for b in l["blocks"]) for l in spec["layers"])
        hin = spec["layers"][-1]["shape"]["cOut"]
        self.head = nn.Sequential(nn.Conv2d(hin, spec["headChannels"], 1, bias=False), bn(spec["headChannels"]), nn.ReLU())
        self.fc = nn.Linear(spec["headChannels"], spec["numClasses"])

    def forward(self, x, m=None, path=None):
        h = self.stem(x)
        for l, blocks in enumerate(self.layers):
            if path is not None:
                h = blocks[path[l]](h)
            else:
                h = sum(m[:, l, i].view(-1, 1, 1, 1) * b(h) for i, b in enumerate(blocks))
        return self.fc(self.head(h).mean((2, 3)))


def main():
    spec = json.load(sys.stdin)
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(1)
    net = Supernet(spec)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    B, L = spec["batch"], len(spec["layers"])
    x = torch.randn(B, spec["inputChannels"], spec["inputSize"], spec["inputSize"])
    if spec.get("channelsLast"):
        net = net.to(memory_format=torch.channels_last)
        x = x.to(memory_format=torch.channels_last)
    y = torch.arange(B) % spec["numClasses"]
    out = []
    for mode in spec["modes"]:
        times = []
        for i in range(spec["warmup"] + spec["steps"]):
            t0 = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            if mode == "sampled":
                path = [int(torch.randint(len(l["blocks"]), ())) for l in spec["layers"]]
                logits = net(x, path=path)
            else:
                counts = [len(l["blocks"]) for l in spec["layers"]]
                m = F.softmax(torch.randn(B, L, max(counts)), -1)
                logits = net(x, m=m)
            F.cross_entropy(logits, y).backward()
            opt.step()
            if i >= spec["warmup"]:
                times.append((time.perf_counter() - t0) * 1000)
        out.append({"mode": mode, "msPerStep": statistics.median(times), "steps": len(times), "torch": torch.__version__, "threads": torch.get_num_threads()})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
