/** One fixed architecture built from the same blocks as the supernet, for retraining and inference. */
import type { tf } from '../runtime/tf';
import type { BlockName } from '../space/blocks';
import type { Rng } from '../rng';
import { allowedAt, headInput, layerShapes, type Space } from '../space/space';
import { Head, makeBlock, Stem, type Module } from './block';
import { ParamStore, type BatchNormUpdate } from './params';

export class ChildNet {
  private readonly params: ParamStore;
  private readonly stem: Stem;
  private readonly layers: Module[];
  private readonly head: Head;

  constructor(
    readonly space: Space,
    readonly blocks: BlockName[],
    rng: Rng,
  ) {
    const shapes = layerShapes(space);
    if (blocks.length !== shapes.length) {
      throw new Error(`architecture has ${blocks.length} blocks, the space has ${shapes.length} layers`);
    }
    blocks.forEach((b, l) => {
      if (!allowedAt(space, l).includes(b)) throw new Error(`block ${b} is not allowed at layer ${l + 1}`);
    });
    this.params = new ParamStore(rng);
    this.stem = new Stem(space.inputChannels, space.stem.channels, space.stem.stride, this.params);
    this.layers = shapes.map((s, l) => makeBlock(blocks[l], s, this.params));
    const h = headInput(space);
    this.head = new Head(h.channels, space.headChannels, space.numClasses, this.params);
  }

  get trainableVariables(): tf.Variable[] {
    return this.params.trainable;
  }

  /** Every variable in creation order (stem, layers 1…n, head), BN running averages included. */
  get variables(): readonly tf.Variable[] {
    return this.params.all;
  }
  /**
   * Logits [batch, classes]. Training uses batch statistics; pass `bnUpdates` to collect them and
   * fold them in with applyBatchNormUpdates() after the gradient step.
   */
  forward(x: tf.Tensor4D, training: boolean, bnUpdates?: BatchNormUpdate[]): tf.Tensor2D {
    const ctx = { training, bnUpdates };
    let h = this.stem.forward(x, ctx);
    for (const layer of this.layers) h = layer.forward(h, ctx);
    return this.head.forward(h, ctx);
  }

  dispose(): void {
    for (const layer of this.layers) layer.dispose?.();
    this.params.dispose();
  }
}
