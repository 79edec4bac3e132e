"""The FBNet supernet, built block for block as the studio builds it: TF "same" padding (padded
explicitly: asymmetric on stride 2), BN after every conv, grouped 1x1 convs with a channel shuffle,
a 1x1 projection for `skip` where the layer changes shape, residuals where it does not.

Weights are kept in PyTorch's layout; `engine_variables()` lists them in the studio's creation
order with the studio's shapes, so studio weights load one to one and the studio's seeded
initialisation is reproduced exactly."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

BLOCK_NAMES = ["k3_e1", "k3_e1_g2", "k3_e3", "k3_e6", "k5_e1", "k5_e1_g2", "k5_e3", "k5_e6", "skip"]
NUM_BLOCKS = len(BLOCK_NAMES)
SKIP_INDEX = BLOCK_NAMES.index("skip")
BN_EPSILON = 1e-5
BN_MOMENTUM = 0.1
MASKED_LOGIT = -1e9


def block_spec(name):
    if name == "skip":
        return None
    k, e = name.split("_")[:2]
    return int(k[1:]), int(e[1:]), 2 if name.endswith("_g2") else 1


def layer_shapes(space):
    out = []
    size = math.ceil(space["inputSize"] / space["stem"]["stride"])
    c = space["stem"]["channels"]
    for st in space["stages"]:
        for j in range(st["layers"]):
            stride = st["stride"] if j == 0 else 1
            o = math.ceil(size / stride)
            out.append(dict(inputSize=size, outputSize=o, cIn=c, cOut=st["channels"], stride=stride,
                            identitySkip=stride == 1 and c == st["channels"]))
            size, c = o, st["channels"]
    return out


def allowed_mask(space):
    n = sum(s["layers"] for s in space["stages"])
    allowed = space.get("allowedBlocks")
    return [[b in (allowed[l] if allowed else BLOCK_NAMES) for b in BLOCK_NAMES] for l in range(n)]


def same_pad(x, k, stride):
    """TensorFlow's "same": output ceil(n / stride), the odd pixel of padding after, not before."""
    pads = []
    for n in (x.shape[3], x.shape[2]):
        total = max((math.ceil(n / stride) - 1) * stride + k - n, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads) if any(pads) else x


def _to_torch(kind, t, groups=1):
    """A studio tensor (NHWC-era layout) to PyTorch's conv / linear layout."""
    if kind == "pw":  # [g, cin/g, cout/g] -> [cout, cin/g, 1, 1]
        g, a, b = t.shape
        return t.permute(0, 2, 1).reshape(g * b, a, 1, 1)
    if kind == "dw":  # [k, k, c, 1] -> [c, 1, k, k]
        return t.permute(2, 3, 0, 1)
    if kind == "conv":  # [k, k, cin, cout] -> [cout, cin, k, k]
        return t.permute(3, 2, 0, 1)
    if kind == "fc":  # [h, classes] -> [classes, h]
        return t.t()
    return t


def _to_engine(kind, t, groups_shape):
    """The inverse of _to_torch: a PyTorch-layout tensor back to the studio's shape `groups_shape`."""
    if kind == "pw":
        g, a, b = groups_shape
        return t.reshape(g, b, a).permute(0, 2, 1)
    if kind == "dw":
        return t.permute(2, 3, 0, 1)
    if kind == "conv":
        return t.permute(2, 3, 1, 0)
    if kind == "fc":
        return t.t()
    return t.reshape(groups_shape)


class BatchNorm(nn.Module):
    """BatchNorm with the studio's semantics: biased batch variance, running averages updated once per
    optimiser step from the mean of the step's batch statistics (over micro-batches and, when
    synchronised, over every process), outside autograd."""

    sync_group = None  # set to a process group for SyncBatchNorm-like statistics

    def __init__(self, c):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(c))
        self.bias = nn.Parameter(torch.zeros(c))
        self.register_buffer("running_mean", torch.zeros(c))
        self.register_buffer("running_var", torch.ones(c))
        self.pending = []

    def forward(self, x):
        x32 = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
        if not self.training:
            mean, var = self.running_mean, self.running_var
        elif BatchNorm.sync_group is not None:
            import torch.distributed.nn.functional as dnn

            # Two passes (mean, then squared deviations), as one process computes them: E[x^2] - mean^2
            # loses digits. all_reduce from torch.distributed.nn carries the gradient across processes.
            count = x32.numel() / x32.shape[1] * torch.distributed.get_world_size(BatchNorm.sync_group)
            mean = dnn.all_reduce(x32.sum((0, 2, 3)), group=BatchNorm.sync_group) / count
            dev = x32 - mean.view(1, -1, 1, 1)
            var = dnn.all_reduce((dev * dev).sum((0, 2, 3)), group=BatchNorm.sync_group) / count
        else:
            mean = x32.mean((0, 2, 3))
            var = ((x32 - mean.view(1, -1, 1, 1)) ** 2).mean((0, 2, 3))
        if self.training:
            self.pending.append(torch.stack([mean.detach(), var.detach()]))
        scale = self.weight * torch.rsqrt(var + BN_EPSILON)
        y = (x32 - mean.view(1, -1, 1, 1)) * scale.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1)
        return y.to(x.dtype)

    def engine_vars(self):
        return [(self.weight, [self.weight.numel()], "vec", ("const", 1.0)), (self.bias, [self.bias.numel()], "vec", ("const", 0.0)),
                (self.running_mean, [self.running_mean.numel()], "vec", ("const", 0.0)),
                (self.running_var, [self.running_var.numel()], "vec", ("const", 1.0))]


def conv_weight(c_out, c_in_per_group, k):
    return nn.Parameter(torch.zeros(c_out, c_in_per_group, k, k))


def conv(x, w, stride=1, groups=1):
    k = w.shape[-1]
    return F.conv2d(same_pad(x, k, stride), w, None, stride, 0, 1, groups)


def channel_shuffle(x, groups):
    n, c, h, w = x.shape
    return x.view(n, groups, c // groups, h, w).transpose(1, 2).reshape(n, c, h, w)


class InvertedResidual(nn.Module):
    def __init__(self, kernel, expansion, groups, shape):
        super().__init__()
        c_in, c_out = shape["cIn"], shape["cOut"]
        mid = c_in * expansion
        for c, what in ((c_in, "input"), (c_out, "output")):
            if c % groups:
                raise ValueError(f"grouped block {what}: {c} channels cannot be split into {groups} groups")
        self.kernel, self.groups, self.stride, self.mid = kernel, groups, shape["stride"], mid
        self.w1 = conv_weight(mid, c_in // groups, 1)
        self.bn1 = BatchNorm(mid)
        self.dw = conv_weight(mid, 1, kernel)
        self.bn2 = BatchNorm(mid)
        self.w2 = conv_weight(c_out, mid // groups, 1)
        self.bn3 = BatchNorm(c_out)
        self.residual = shape["stride"] == 1 and c_in == c_out
        g = groups
        self._engine = [(self.w1, [g, c_in // g, mid // g], "pw", ("normal", c_in // g, 2)), *self.bn1.engine_vars(),
                        (self.dw, [kernel, kernel, mid, 1], "dw", ("normal", kernel * kernel, 2)), *self.bn2.engine_vars(),
                        (self.w2, [g, mid // g, c_out // g], "pw", ("normal", mid // g, 2)), *self.bn3.engine_vars()]

    def forward(self, x):
        h = F.relu(self.bn1(conv(x, self.w1, 1, self.groups)))
        if self.groups > 1:
            h = channel_shuffle(h, self.groups)
        h = F.relu(self.bn2(conv(h, self.dw, self.stride, self.mid)))
        h = self.bn3(conv(h, self.w2, 1, self.groups))
        return h + x if self.residual else h

    def engine_vars(self):
        return self._engine


class Identity(nn.Module):
    def forward(self, x):
        return x

    def engine_vars(self):
        return []


class Projection(nn.Module):
    """`skip` where the layer changes channels or stride: 1x1 conv with the layer's stride, BN, ReLU."""

    def __init__(self, shape):
        super().__init__()
        c_in, c_out, self.stride = shape["cIn"], shape["cOut"], shape["stride"]
        self.w = conv_weight(c_out, c_in, 1)
        self.bn = BatchNorm(c_out)
        eshape, kind = ([1, c_in, c_out], "pw") if self.stride == 1 else ([1, 1, c_in, c_out], "conv")
        self._engine = [(self.w, eshape, kind, ("normal", c_in, 2)), *self.bn.engine_vars()]

    def forward(self, x):
        return F.relu(self.bn(conv(x, self.w, self.stride)))

    def engine_vars(self):
        return self._engine


def make_block(name, shape):
    spec = block_spec(name)
    if spec is None:
        return Identity() if shape["identitySkip"] else Projection(shape)
    return InvertedResidual(*spec, shape)
