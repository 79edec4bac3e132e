/**
 * A self-contained PyTorch definition of one architecture (docs/method.md §1): the same blocks, channel
 * counts, groups, shuffle and skips, BN after every conv, so its parameter count equals archCost's.
 * Its __main__ prints that count and runs one forward pass as a shape check.
 */
import { blockSpec } from '../space/blocks';
import type { ArchJson } from '../schemas';
import { headInput, layerShapes } from '../space/space';

const PRELUDE = `import sys

import torch
import torch.nn as nn


def conv_bn(c_in, c_out, k, stride=1, groups=1, relu=True):
    # "same"-sized output (ceil(size / stride)) for odd k, no conv bias: BN follows every conv.
    layers = [nn.Conv2d(c_in, c_out, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(c_out)]
    if relu:
        layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


class ChannelShuffle(nn.Module):
    def __init__(self, groups):
        super().__init__()
        self.groups = groups

    def forward(self, x):
        n, c, h, w = x.shape
        return x.view(n, self.groups, c // self.groups, h, w).transpose(1, 2).reshape(n, c, h, w)


class InvertedResidual(nn.Module):
    """1x1 conv (groups g), BN, ReLU, shuffle if g > 1, KxK depthwise, BN, ReLU, 1x1 conv (groups g), BN, + input."""

    def __init__(self, c_in, c_out, kernel, expansion, groups, stride):
        super().__init__()
        mid = c_in * expansion
        layers = [conv_bn(c_in, mid, 1, groups=groups)]
        if groups > 1:
            layers.append(ChannelShuffle(groups))
        layers += [conv_bn(mid, mid, kernel, stride, groups=mid), conv_bn(mid, c_out, 1, groups=groups, relu=False)]
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and c_in == c_out

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


def skip(c_in, c_out, stride):
    """Identity where shapes match, else a 1x1 projection (conv with the layer's stride, BN, ReLU)."""
    if stride == 1 and c_in == c_out:
        return nn.Identity()
    return conv_bn(c_in, c_out, 1, stride)
`;

const pyStr = (s: string) => JSON.stringify(s);

export function pytorchModule(arch: Pick<ArchJson, 'name' | 'space' | 'blocks'>): string {
  const s = arch.space;
  const shapes = layerShapes(s);
  if (arch.blocks.length !== shapes.length)
    throw new Error(`architecture has ${arch.blocks.length} blocks, the space has ${shapes.length} layers`);
  const layers = shapes.map((sh, l) => {
    const b = arch.blocks[l];
    const spec = blockSpec(b);
    const call =
      spec.kind === 'skip'
        ? `skip(${sh.cIn}, ${sh.cOut}, ${sh.stride})`
        : `InvertedResidual(${sh.cIn}, ${sh.cOut}, kernel=${spec.kernel}, expansion=${spec.expansion}, groups=${spec.groups}, stride=${sh.stride})`;
    return `            ${call},  # layer ${l + 1}: ${b}`;
  });
  const h = headInput(s);
  const cls = 'FBNet';
  return `"""${arch.name}: an FBNet architecture (${s.inputSize}x${s.inputSize}x${s.inputChannels} input, ${s.numClasses} classes).

Blocks, layer 1 to ${shapes.length}: ${arch.blocks.join(' ')}
"""
${PRELUDE}

class ${cls}(nn.Module):
    input_size = ${s.inputSize}
    in_channels = ${s.inputChannels}

    def __init__(self, num_classes=${s.numClasses}):
        super().__init__()
        self.stem = conv_bn(${s.inputChannels}, ${s.stem.channels}, 3, ${s.stem.stride})
        self.layers = nn.Sequential(
${layers.join('\n')}
        )
        self.head = conv_bn(${h.channels}, ${s.headChannels}, 1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(${s.headChannels}, num_classes)

    def forward(self, x):
        x = self.head(self.layers(self.stem(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


def build(num_classes=${s.numClasses}):
    return ${cls}(num_classes)


if __name__ == "__main__":
    model = build()
    print("name", ${pyStr(arch.name)})
    print("params", sum(p.numel() for p in model.parameters()))
    if "--no-forward" not in sys.argv:
        model.eval()
        with torch.no_grad():
            out = model(torch.zeros(2, ${s.inputChannels}, ${s.inputSize}, ${s.inputSize}))
        print("output", tuple(out.shape))
`;
}
