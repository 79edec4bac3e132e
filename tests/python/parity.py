"""Reads a studio supernet dump (JSON on stdin: space, variables, theta, noise, batch, table) and prints
the PyTorch supernet's logits, losses, E[LAT] and dL/dtheta for the same inputs (JSON on stdout)."""
import json
import os
import sys

sys.path.insert(0, os.environ["FBNET_SEARCH_DIR"])

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from fbnet.net import _to_engine  # noqa: E402
from fbnet.rng import Rng  # noqa: E402
from fbnet.supernet import Supernet, expected_latency_ms, gumbel_softmax, search_loss  # noqa: E402

d = json.load(sys.stdin)
torch.manual_seed(0)
net = Supernet(d["space"])
if d.get("variables") is not None:
    net.load_engine_variables(d["variables"])
else:
    net.init_from_rng(Rng.from_seed(d["seed"], 0))
net.train()
L, K = net.num_layers, 9
x = torch.tensor(d["x"], dtype=torch.float32).view(*d["xShape"]).permute(0, 3, 1, 2).contiguous()
y = torch.tensor(d["labels"], dtype=torch.int64)
lut = torch.tensor(d["lut"], dtype=torch.float32)
out = {}
for mode in ("mixture", "sampled"):
    theta = torch.tensor(d["theta"], dtype=torch.float32).view(L, K).requires_grad_(True)
    if mode == "mixture":
        g = torch.tensor(d["noise"], dtype=torch.float32).view(-1, L, K)
        m = gumbel_softmax(theta, net.bias, g, d["tau"])
        logits = net(x, m)
    else:
        g = torch.tensor(d["noise"][: L * K], dtype=torch.float32).view(L, K)
        soft = gumbel_softmax(theta, net.bias, g, d["tau"])
        path = d["path"]
        hard = F.one_hot(torch.tensor(path), K).float()
        m = hard + soft - soft.detach()
        logits = net.forward_path(x, path, m)
    ce = F.cross_entropy(logits, y)
    lat = expected_latency_ms(m, lut, d["fixedMs"]).mean()
    r = {"logits": logits.detach().flatten().tolist(), "ce": ce.item(), "lat": lat.item()}
    for form in ("paper", "additive", "target"):
        loss = search_loss(ce, lat, d["alpha"], d["beta"], form, d["targetMs"])
        r[form] = loss.item()
        if form == "paper":
            r["gradTheta"] = torch.autograd.grad(loss, theta, retain_graph=True)[0].flatten().tolist()
    trainable = [(t, shape, kind) for t, shape, kind, _ in net.engine_variables() if isinstance(t, torch.nn.Parameter)]
    grads = torch.autograd.grad(ce, [t for t, _, _ in trainable], allow_unused=True)
    r["gradW"] = [None if g is None else _to_engine(kind, g, shape).flatten().tolist() for g, (_, shape, kind) in zip(grads, trainable)]
    out[mode] = r
json.dump(out, sys.stdout)
