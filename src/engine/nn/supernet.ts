/**
 * The DNAS supernet (docs/method.md §4): every searched layer holds all its allowed candidate blocks,
 * and its output is their mixture weighted by Gumbel-softmax weights m.
 */
import { tf } from '../runtime/tf';
import { BLOCK_NAMES, NUM_BLOCKS } from '../space/blocks';
import type { Rng } from '../rng';
import { allowedMask, headInput, layerShapes, numLayers, type Space } from '../space/space';
import { maskBias } from '../search/sampling';
import { Head, InvertedResidual, makeBlock, Stem, type ForwardContext, type Module } from './block';
import { fusedConvAvailable } from '../webgpu/fused-conv';
import { pathWeights } from '../webgpu/path-weights';
import { FusedLayer } from './fused-layer';
import { ParamStore } from './params';

export class Supernet {
  readonly numLayers: number;
  /** Architecture logits θ [layers, 9], initialised 0 (uniform P_θ). */
  readonly theta: tf.Variable<tf.Rank.R2>;
  /** 0 where a block is allowed, a huge negative number elsewhere; added to the logits. */
  readonly bias: tf.Tensor2D;
  readonly mask: boolean[][];
  private readonly params: ParamStore;
  private readonly stem: Stem;
  /** blocks[l][i], null where block i is not allowed at layer l (it is never built). */
  private readonly blocks: (Module | null)[][];
  /** The same blocks, run fused for the mixture forward. */
  private readonly fused: FusedLayer[];
  private readonly head: Head;

  constructor(
    readonly space: Space,
    rng: Rng,
  ) {
    this.numLayers = numLayers(space);
    this.mask = allowedMask(space);
    this.params = new ParamStore(rng);
    this.stem = new Stem(space.inputChannels, space.stem.channels, space.stem.stride, this.params);
    const shapes = layerShapes(space);
    this.blocks = shapes.map((shape, l) => BLOCK_NAMES.map((name, i) => (this.mask[l][i] ? makeBlock(name, shape, this.params) : null)));
    this.fused = shapes.map((shape, l) => new FusedLayer(this.blocks[l], shape));
    const h = headInput(space);
    this.head = new Head(h.channels, space.headChannels, space.numClasses, this.params);
    const zeros = tf.zeros([this.numLayers, NUM_BLOCKS]) as tf.Tensor2D;
    this.theta = tf.variable(zeros, true);
    zeros.dispose();
    this.bias = maskBias(this.mask);
  }

  /** The operator weights w (everything but θ). */
  get weights(): tf.Variable[] {
    return this.params.trainable;
  }

  /**
   * Mixture forward: x_{l+1} = Σ_i m[:, l, i] · b_l,i(x_l). m is [batch, layers, 9] (one mask per
   * sample) or [layers, 9] (one for the whole batch).
   */
  forward(x: tf.Tensor4D, m: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    const perSample = m.rank === 3;
    const layersM = tf.unstack(m, perSample ? 1 : 0).map((ml) => (perSample ? ml : ml.reshape([1, NUM_BLOCKS])) as tf.Tensor2D);
    let h = this.stem.forward(x, ctx);
    for (let l = 0; l < this.numLayers; l++) h = this.fused[l].forward(h, layersM[l], ctx);
    return this.head.forward(h, ctx);
  }

  /** Candidate i of layer l, null where it is not allowed. */
  block(l: number, i: number): Module | null {
    return this.blocks[l][i];
  }

  /**
   * Single-path forward (sampled mode): only block path[l] runs at layer l, scaled by
   * m[l, path[l]] (1 in value under the straight-through estimator, but carrying θ's gradient).
   */
  forwardPath(x: tf.Tensor4D, path: number[], m: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D {
    const blocks = path.map((b, l) => {
      const block = this.blocks[l][b];
      if (!block) throw new Error(`block ${BLOCK_NAMES[b]} is not allowed at layer ${l + 1}`);
      return block;
    });
    // Training on WebGPU: every layer's weight in one dispatch, folded into the block's own kernels.
    const gpu = ctx.training && fusedConvAvailable();
    const widths = blocks.map((b) => (b instanceof InvertedResidual && b.residual ? 2 : 1));
    const weights = gpu ? pathWeights(m, path, widths) : null;
    let h = this.stem.forward(x, ctx);
    blocks.forEach((block, l) => {
      if (weights && block instanceof InvertedResidual) {
        h = block.forwardWeighted(h, weights[l], ctx);
        return;
      }
      // A slice, not tf.gather: gather's gradient (UnsortedSegmentSum) has no wasm kernel.
      const scale = weights ? weights[l] : tf.slice(m, [l, path[l]], [1, 1]).reshape([]);
      h = tf.mul(scale, block.forward(h, ctx));
    });
    return this.head.forward(h, ctx);
  }

  dispose(): void {
    this.params.dispose();
    for (const f of this.fused) f.dispose();
    for (const b of this.blocks.flat()) b?.dispose?.();
    this.theta.dispose();
    this.bias.dispose();
  }
}
