"""Training data: the subset bundled in the package (IDX files already at the space's input size,
normalised with the statistics the studio computed), or IDX files / CIFAR binaries given by path,
brought to the input size (bilinear, half-pixel centres) and normalised with their own statistics."""
import gzip
import os
import struct

import torch
import torch.nn.functional as F


class DataError(ValueError):
    pass


def _open(path):
    with open(path, "rb") as f:
        raw = f.read()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def read_idx(path):
    """An IDX file (optionally gzipped) as a uint8 tensor of its declared shape."""
    raw = _open(path)
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise DataError(f"{path}: not an IDX file of unsigned bytes")
    dims = raw[3]
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    body = raw[4 + 4 * dims:]
    n = 1
    for s in shape:
        n *= s
    if len(body) != n:
        raise DataError(f"{path}: header declares {n} bytes of data, the file holds {len(body)}")
    return torch.frombuffer(bytearray(body), dtype=torch.uint8).view(*shape)


def _find(folder, stem):
    for name in (stem, stem + ".gz"):
        p = os.path.join(folder, name)
        if os.path.exists(p):
            return p
    raise DataError(f"{folder}: no {stem}[.gz]")


def _idx_split(folder, prefix):
    x = read_idx(_find(folder, f"{prefix}-images-idx3-ubyte"))
    y = read_idx(_find(folder, f"{prefix}-labels-idx1-ubyte")).long()
    if x.shape[0] != y.shape[0]:
        raise DataError(f"{folder}: {x.shape[0]} {prefix} images but {y.shape[0]} labels")
    return x.unsqueeze(1), y  # N, 1, H, W


def _cifar_split(paths, label_bytes):
    xs, ys = [], []
    for p in paths:
        raw = _open(p)
        rec = label_bytes + 3072
        if len(raw) % rec:
            raise DataError(f"{p}: {len(raw)} bytes is not a whole number of {rec}-byte CIFAR records")
        t = torch.frombuffer(bytearray(raw), dtype=torch.uint8).view(-1, rec)
        ys.append(t[:, label_bytes - 1].long())
        xs.append(t[:, label_bytes:].reshape(-1, 3, 32, 32))
    return torch.cat(xs), torch.cat(ys)


def load_path(path):
    """(train x uint8 NCHW, train y, test x, test y) from an IDX folder or a CIFAR binary folder."""
    if not os.path.isdir(path):
        raise DataError(f"dataset path not found or not a folder: {path}")
    names = set(os.listdir(path))
    if any(n.startswith("train-images-idx3-ubyte") for n in names):
        return (*_idx_split(path, "train"), *_idx_split(path, "t10k"))
    if "data_batch_1.bin" in names:
        train = [os.path.join(path, f"data_batch_{i}.bin") for i in range(1, 6) if f"data_batch_{i}.bin" in names]
        return (*_cifar_split(train, 1), *_cifar_split([os.path.join(path, "test_batch.bin")], 1))
    if "train.bin" in names and "test.bin" in names:  # CIFAR-100: coarse label, fine label
        return (*_cifar_split([os.path.join(path, "train.bin")], 2), *_cifar_split([os.path.join(path, "test.bin")], 2))
    raise DataError(f"{path}: expected Fashion-MNIST/MNIST IDX files (train-images-idx3-ubyte…) or CIFAR binaries (data_batch_1.bin… or train.bin/test.bin)")


def fit(x, size, channels):
    """uint8 NCHW to `channels` (gray <-> RGB by ITU-R 601 luma) and size x size, as float 0..255."""
    x = x.float()
    if x.shape[1] != channels:
        if channels == 1:
            x = (0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3]).round()
        else:
            x = x[:, :1].expand(-1, 3, -1, -1)
    if x.shape[-1] != size or x.shape[-2] != size:
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False).round()
    return x


def normalise(x255, mean, std):
    """In float64, as the studio normalises, then float32."""
    m = torch.tensor(mean, dtype=torch.float64).view(1, -1, 1, 1)
    s = torch.tensor(std, dtype=torch.float64).view(1, -1, 1, 1)
    return ((x255.double() / 255.0 - m) / s).float()


def channel_stats(x255):
    v = x255 / 255.0
    mean = v.mean((0, 2, 3)).double()
    std = torch.sqrt(torch.clamp((v.double() ** 2).mean((0, 2, 3)) - mean ** 2, min=0))
    return mean.tolist(), [s if s > 0 else 1.0 for s in std.tolist()]


def load(package_dir, data_cfg, space, data_path=None, train_samples=None, test_samples=None):
    """(train_x, train_y, test_x, test_y) as float32 NCHW normalised tensors and int64 labels."""
    size, channels = space["inputSize"], space["inputChannels"]
    if data_path is None:
        if not data_cfg.get("bundled"):
            raise DataError("this package carries no data: give --data <folder> (IDX files or CIFAR binaries)")
        folder = os.path.join(package_dir, data_cfg["folder"])
        xs = []
        for split in ("train", "test"):
            x = read_idx(os.path.join(folder, f"{split}-images.idx.gz"))
            y = read_idx(os.path.join(folder, f"{split}-labels.idx.gz")).long()
            if tuple(x.shape[1:]) != (size, size, channels) or x.shape[0] != y.shape[0]:
                raise DataError(f"{folder}: {split} images are {tuple(x.shape)}, the space expects [n, {size}, {size}, {channels}] with {y.shape[0]} labels")
            xs += [x.permute(0, 3, 1, 2).double(), y]
        mean, std = data_cfg["normalization"]["mean"], data_cfg["normalization"]["std"]
        return normalise(xs[0], mean, std).float(), xs[1], normalise(xs[2], mean, std).float(), xs[3]
    trx, try_, tex, tey = load_path(data_path)
    if train_samples:
        trx, try_ = trx[:train_samples], try_[:train_samples]
    if test_samples:
        tex, tey = tex[:test_samples], tey[:test_samples]
    trx, tex = fit(trx, size, channels), fit(tex, size, channels)
    mean, std = channel_stats(trx)
    return normalise(trx, mean, std), try_, normalise(tex, mean, std), tey
