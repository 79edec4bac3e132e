import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_BLOCKS, publishedSpace } from '../src/engine/archs';
import { BLOCK_NAMES, type BlockName } from '../src/engine/blocks';
import { archCost } from '../src/engine/costs';
import { pytorchModule } from '../src/engine/export';
import { makeSpace, numLayers } from '../src/engine/space';

const PYTHON = '/usr/bin/python3';

/**
 * A stand-in for torch with the few pieces the generated file uses: it counts parameters the way
 * torch does (conv weight c_out·c_in/groups·k², no bias when bias=False; BN weight and bias; linear
 * weight and bias) and pushes shapes through forward, failing on any channel or shape mismatch.
 */
const STUB_TORCH = String.raw`
import contextlib, math

class Tensor:
    def __init__(self, shape):
        self.shape = tuple(shape)
    def numel(self):
        return math.prod(self.shape)
    def view(self, *s):
        assert math.prod(s) == self.numel(), ("view", s, self.shape)
        return Tensor(s)
    reshape = view
    def transpose(self, a, b):
        s = list(self.shape); s[a], s[b] = s[b], s[a]
        return Tensor(s)
    def __add__(self, o):
        assert o.shape == self.shape, ("add", self.shape, o.shape)
        return Tensor(self.shape)

def zeros(*s):
    return Tensor(s)

def flatten(x, start):
    return Tensor(x.shape[:start] + (math.prod(x.shape[start:]),))

def no_grad():
    return contextlib.nullcontext()
`;
const STUB_NN = String.raw`
from torch import Tensor

class Module:
    def __init__(self):
        object.__setattr__(self, "_children", [])
        object.__setattr__(self, "_params", [])
    def __setattr__(self, k, v):
        if isinstance(v, Module):
            self._children.append(v)
        object.__setattr__(self, k, v)
    def parameters(self):
        yield from self._params
        for c in self._children:
            yield from c.parameters()
    def eval(self):
        return self
    def __call__(self, x):
        return self.forward(x)

class Conv2d(Module):
    def __init__(self, c_in, c_out, k, stride=1, padding=0, groups=1, bias=True):
        super().__init__()
        assert c_in % groups == 0 and c_out % groups == 0, ("groups", c_in, c_out, groups)
        self.c_in, self.c_out, self.k, self.stride, self.padding = c_in, c_out, k, stride, padding
        self._params.append(Tensor((c_out, c_in // groups, k, k)))
        if bias:
            self._params.append(Tensor((c_out,)))
    def forward(self, x):
        n, c, h, w = x.shape
        assert c == self.c_in, ("conv input channels", c, self.c_in)
        o = lambda s: (s + 2 * self.padding - self.k) // self.stride + 1
        return Tensor((n, self.c_out, o(h), o(w)))

class BatchNorm2d(Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self._params += [Tensor((c,)), Tensor((c,))]
    def forward(self, x):
        assert x.shape[1] == self.c, ("bn channels", x.shape, self.c)
        return x

class Linear(Module):
    def __init__(self, a, b):
        super().__init__()
        self.a = a
        self._params += [Tensor((b, a)), Tensor((b,))]
    def forward(self, x):
        assert x.shape[-1] == self.a, ("linear", x.shape, self.a)
        return Tensor(x.shape[:-1] + (self._params[1].shape[0],))

class ReLU(Module):
    def __init__(self, inplace=False):
        super().__init__()
    def forward(self, x):
        return x

class Identity(ReLU):
    pass

class AdaptiveAvgPool2d(Module):
    def __init__(self, size):
        super().__init__()
    def forward(self, x):
        return Tensor(x.shape[:2] + (1, 1))

class Sequential(Module):
    def __init__(self, *mods):
        super().__init__()
        for m in mods:
            self._children.append(m)
    def forward(self, x):
        for m in self._children:
            x = m(x)
        return x
`;

function stubDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'torch-stub-'));
  mkdirSync(join(dir, 'torch', 'nn'), { recursive: true });
  writeFileSync(join(dir, 'torch', '__init__.py'), STUB_TORCH);
  writeFileSync(join(dir, 'torch', 'nn', '__init__.py'), STUB_NN);
  return dir;
}

const torchAvailable = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

function runModel(source: string, env: NodeJS.ProcessEnv): { params: number; output: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'fbnet-py-'));
  const file = join(dir, 'model.py');
  writeFileSync(file, source);
  const out = execFileSync(PYTHON, [file], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const params = Number(/^params (\d+)$/m.exec(out)?.[1]);
  const output = (/^output \(([\d, ]+)\)$/m.exec(out)?.[1] ?? '').split(',').map((s) => Number(s.trim()));
  return { params, output };
}

const tiny = makeSpace('small', { inputSize: 8, inputChannels: 1, numClasses: 3, widthMultiplier: 0.25, headChannels: 32 });
const mixed: BlockName[] = Array.from({ length: numLayers(tiny) }, (_, l) => BLOCK_NAMES[(l * 5) % BLOCK_NAMES.length]);
const cases = [
  { name: 'every block, tiny space', space: tiny, blocks: mixed },
  { name: 'fbnet_a (ImageNet)', space: publishedSpace('fbnet_a'), blocks: PUBLISHED_BLOCKS.fbnet_a },
  { name: 'fbnet_96_035_1', space: publishedSpace('fbnet_96_035_1'), blocks: PUBLISHED_BLOCKS.fbnet_96_035_1 },
];

describe('pytorchModule', () => {
  it.each(cases)('declares exactly archCost params and a consistent forward: $name', ({ name, space, blocks }) => {
    expect(new Set(mixed)).toEqual(new Set(BLOCK_NAMES));
    const source = pytorchModule({ name, space, blocks });
    const cost = archCost(space, blocks);
    const stub = runModel(source, { PYTHONPATH: stubDir() });
    expect(stub.params).toBe(cost.params);
    expect(stub.output).toEqual([2, space.numClasses]);
  });

  it(`runs under the real torch when it is installed (installed here: ${torchAvailable})`, () => {
    const { space, blocks } = cases[0];
    const source = pytorchModule({ name: 'tiny', space, blocks });
    const cost = archCost(space, blocks);
    if (torchAvailable) {
      const real = runModel(source, { PYTHONPATH: '' });
      expect(real).toEqual({ params: cost.params, output: [2, space.numClasses] });
    } else {
      // Without torch the stub check above is the count; here at least the file must import torch first.
      expect(source).toMatch(/^import torch$/m);
    }
  });

  it('names every layer with its block and keeps the shuffle only for grouped blocks', () => {
    const source = pytorchModule({ name: 'tiny', space: tiny, blocks: mixed });
    mixed.forEach((b, l) => expect(source).toContain(`# layer ${l + 1}: ${b}\n`));
    const grouped = (source.match(/groups=2, stride/g) ?? []).length;
    expect(grouped).toBe(mixed.filter((b) => b.endsWith('_g2')).length);
  });
});
