"""The studio's seeded generator (mulberry32), bit for bit, so a one-process run replays the studio's
weights, data order and Gumbel noise. mulberry32 is counter-based: draw i of a stream only depends
on the start state and i, so long draws are computed as one vectorised tensor expression."""
import math

import torch

MASK = 0xFFFFFFFF
GOLDEN = 0x6D2B79F5


def _imul(a, b):
    """Low 32 bits of a*b for int64 tensors holding unsigned 32-bit values (no int64 overflow)."""
    lo = a * (b & 0xFFFF)
    hi = ((a * ((b >> 16) & 0xFFFF)) & 0xFFFF) << 16
    return (lo + hi) & MASK


def _hash(t):
    t = _imul(t ^ (t >> 15), t | 1)
    t = t ^ ((t + _imul(t ^ (t >> 7), t | 61)) & MASK)
    return (t ^ (t >> 14)) & MASK


class Rng:
    def __init__(self, state):
        self.state = state & MASK

    @staticmethod
    def from_seed(seed, stream=0):
        a = ((seed ^ 0x9E3779B9) * 0x85EBCA6B) & MASK
        b = ((stream + 1) * 0xC2B2AE35) & MASK
        return Rng((a + b) & MASK)

    def uniform(self, n):
        """n draws of next() as float64, each in (0, 1)."""
        k = torch.arange(1, n + 1, dtype=torch.int64)
        t = (self.state + k * GOLDEN) & MASK
        self.state = (self.state + n * GOLDEN) & MASK
        return (_hash(t).to(torch.float64) + 0.5) / 4294967296.0

    def next(self):
        return float(self.uniform(1)[0])

    def normal(self, n):
        """n Box-Muller draws, each from two consecutive uniforms (the studio's Rng.normal)."""
        u = self.uniform(2 * n).view(n, 2)
        return torch.sqrt(-2.0 * torch.log(u[:, 0])) * torch.cos(2.0 * math.pi * u[:, 1])

    def gumbel(self, n):
        return -torch.log(-torch.log(self.uniform(n)))

    def shuffle(self, items):
        """Fisher-Yates from the last element down, as the studio shuffles."""
        a = list(items)
        n = len(a)
        if n < 2:
            return a
        u = self.uniform(n - 1).tolist()
        for k, i in enumerate(range(n - 1, 0, -1)):
            j = int(u[k] * (i + 1))
            a[i], a[j] = a[j], a[i]
        return a
