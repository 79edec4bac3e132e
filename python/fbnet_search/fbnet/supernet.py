"""The mixture supernet: x_{l+1} = sum_i m[:, l, i] * b_{l,i}(x_l) over the allowed blocks, with the
stem and head around it, E[LAT] from the latency table and the search loss."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .net import (BLOCK_NAMES, MASKED_LOGIT, NUM_BLOCKS, BatchNorm, _to_torch, allowed_mask, conv, conv_weight,
                  layer_shapes, make_block)

MIN_LATENCY_US = math.e


class Supernet(nn.Module):
    def __init__(self, space):
        super().__init__()
        self.space = space
        self.mask = allowed_mask(space)
        self.num_layers = len(self.mask)
        c_in, stem_c = space["inputChannels"], space["stem"]["channels"]
        self.stem_stride = space["stem"]["stride"]
        self.stem_w = conv_weight(stem_c, c_in, 3)
        self.stem_bn = BatchNorm(stem_c)
        shapes = layer_shapes(space)
        self.layers = nn.ModuleList()
        for l, shape in enumerate(shapes):
            self.layers.append(nn.ModuleDict({BLOCK_NAMES[i]: make_block(BLOCK_NAMES[i], shape)
                                              for i in range(NUM_BLOCKS) if self.mask[l][i]}))
        h_c = shapes[-1]["cOut"] if shapes else stem_c
        head_c, classes = space["headChannels"], space["numClasses"]
        self.head_w = conv_weight(head_c, h_c, 1)
        self.head_bn = BatchNorm(head_c)
        self.fc_w = nn.Parameter(torch.zeros(classes, head_c))
        self.fc_b = nn.Parameter(torch.zeros(classes))
        self.register_buffer("bias", torch.tensor([[0.0 if ok else MASKED_LOGIT for ok in row] for row in self.mask]))
        self._stem_vars = [(self.stem_w, [3, 3, c_in, stem_c], "conv", ("normal", 9 * c_in, 2)), *self.stem_bn.engine_vars()]
        self._head_vars = [(self.head_w, [1, h_c, head_c], "pw", ("normal", h_c, 2)), *self.head_bn.engine_vars(),
                           (self.fc_w, [head_c, classes], "fc", ("normal", head_c, 1)), (self.fc_b, [classes], "vec", ("const", 0.0))]

    def engine_variables(self):
        """(tensor, studio shape, layout kind, init) in the studio's creation order."""
        out = list(self._stem_vars)
        for layer in self.layers:
            for name in BLOCK_NAMES:
                if name in layer:
                    out += layer[name].engine_vars()
        return out + self._head_vars

    @torch.no_grad()
    def init_from_rng(self, rng):
        """The studio's seeded initialisation: He-normal convs, fc gain 1, BN 1/0, running 0/1."""
        for t, shape, kind, init in self.engine_variables():
            n = math.prod(shape)
            if init[0] == "normal":
                std = math.sqrt(init[2] / max(1, init[1]))
                values = (rng.normal(n) * std).float()
            else:
                values = torch.full((n,), init[1])
            t.copy_(_to_torch(kind, values.view(shape)))

    @torch.no_grad()
    def load_engine_variables(self, arrays):
        """Studio variables (ParamStore.all order, flat float32 lists or tensors) into this net."""
        entries = self.engine_variables()
        if len(arrays) != len(entries):
            raise ValueError(f"{len(arrays)} variables given, the supernet has {len(entries)}")
        for k, ((t, shape, kind, _), a) in enumerate(zip(entries, arrays)):
            a = torch.as_tensor(a, dtype=torch.float32).reshape(-1)
            if a.numel() != math.prod(shape):
                raise ValueError(f"variable {k}: {a.numel()} values, shape {shape} needs {math.prod(shape)}")
            t.copy_(_to_torch(kind, a.view(shape)))

    def stem(self, x):
        return F.relu(self.stem_bn(conv(x, self.stem_w, self.stem_stride)))

    def head(self, h):
        h = F.relu(self.head_bn(conv(h, self.head_w)))
        return h.mean((2, 3)) @ self.fc_w.t() + self.fc_b

    def forward(self, x, m, path=None):
        """m: [batch, layers, 9] (one mixture per sample) or [layers, 9] (one for the batch); with a
        path, the single-path forward of sampled mode."""
        if path is not None:
            return self.forward_path(x, path, m)
        h = self.stem(x)
        for l, layer in enumerate(self.layers):
            ml = m[:, l] if m.dim() == 3 else m[l].unsqueeze(0)
            out = None
            for name, block in layer.items():
                term = ml[:, BLOCK_NAMES.index(name)].view(-1, 1, 1, 1).to(h.dtype) * block(h)
                out = term if out is None else out + term
            h = out
        return self.head(h)

    def forward_path(self, x, path, m):
        """Sampled mode: only block path[l] runs at layer l, scaled by m[l, path[l]] (1 in value)."""
        h = self.stem(x)
        for l, layer in enumerate(self.layers):
            h = m[l, path[l]].to(h.dtype) * layer[BLOCK_NAMES[path[l]]](h)
        return self.head(h)

    def child_params(self, blocks):
        """Parameters of one architecture: stem, the chosen block per layer, head (BN running stats excluded)."""
        mods = [self.stem_w, self.stem_bn.weight, self.stem_bn.bias, self.head_w, self.head_bn.weight, self.head_bn.bias, self.fc_w, self.fc_b]
        n = sum(p.numel() for p in mods)
        return n + sum(sum(p.numel() for p in layer[b].parameters()) for layer, b in zip(self.layers, blocks))


def gumbel_softmax(theta, bias, noise, tau):
    return torch.softmax((theta + noise) / tau + bias, dim=-1)


def probabilities(theta, bias):
    return torch.softmax(theta + bias, dim=-1)


def expected_latency_ms(m, lut, fixed_ms):
    """Per sample: sum_l sum_i m[..., l, i] * LUT[l][i] + fixed (ms)."""
    return (m * lut).sum((-2, -1)) + fixed_ms


def search_loss(ce, lat_ms, alpha, beta, form, target_ms=None):
    """paper: CE * a * (log LAT_us)^b; additive: CE + a * (log LAT_us)^b; target: CE * max(1, LAT/T)^b."""
    if form == "target":
        if target_ms is None or target_ms <= 0:
            raise ValueError('lossForm "target" needs a positive targetMs')
        return ce * torch.clamp(lat_ms / target_ms, min=1.0) ** beta
    term = torch.log(torch.clamp(lat_ms * 1000.0, min=MIN_LATENCY_US)) ** beta
    if form == "paper":
        return ce * (term * alpha)
    if form == "additive":
        return ce + term * alpha
    raise ValueError(f'unknown lossForm "{form}" (expected paper, additive or target)')
