/**
 * The two optimisers of the search, written out so weight decay (tfjs optimisers have none), live
 * learning-rate changes and slot creation up front (flat tensor counts from the first step) are ours.
 * Variables without a gradient this step (blocks a sampled path skipped) are left untouched.
 */
import { tf } from '../runtime/tf';
import { concatOrOnly } from '../nn/ops';
import { FLAT_CONCAT, FLAT_SPLIT } from '../runtime/wasm-kernels';
import { ADAM, SGD_MOMENTUM } from '../webgpu/names';

export type Grads = (tf.Tensor | null)[];

function zeroSlot(v: tf.Variable): tf.Variable {
  const z = tf.zerosLike(v);
  const slot = tf.variable(z, false);
  z.dispose();
  return slot;
}

/**
 * All of `xs` as one flat float32 vector. The optimisers update every variable in one element-wise
 * pass over the concatenation: a supernet has over a thousand weight tensors, and per-tensor
 * updates cost six kernels each. On wasm one kernel copies them all (no reshape per tensor).
 */
export function flatten(xs: tf.Tensor[]): tf.Tensor1D {
  if (tf.getKernel(FLAT_CONCAT, tf.getBackend()))
    return tf.engine().runKernel(FLAT_CONCAT, xs as unknown as tf.NamedTensorMap, {}) as tf.Tensor1D;
  return concatOrOnly(xs.map((x) => x.reshape([-1]) as tf.Tensor1D));
}

/** Splits a flat vector back into tensors of the given variables' shapes. */
export function unflatten(flat: tf.Tensor1D, like: tf.Tensor[]): tf.Tensor[] {
  if (tf.getKernel(FLAT_SPLIT, tf.getBackend())) {
    return tf
      .engine()
      .runKernel(FLAT_SPLIT, { x: flat }, { shapes: like.map((v) => v.shape) } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
  }
  const parts =
    like.length === 1
      ? [flat]
      : tf.split(
          flat,
          like.map((v) => v.size),
        );
  return parts.map((p, i) => p.reshape(like[i].shape));
}

/** SGD with momentum, PyTorch convention: v = μ·v + (g + λ·w); w −= lr·v. */
export class MomentumSgd {
  private readonly velocity: tf.Variable[];
  constructor(
    private readonly vars: tf.Variable[],
    private readonly momentum: number,
    private readonly weightDecay: number,
  ) {
    this.velocity = vars.map(zeroSlot);
  }
  apply(grads: Grads, lr: number): void {
    const live = this.vars.map((_, i) => i).filter((i) => grads[i] != null);
    if (live.length === 0) return;
    const vars = live.map((i) => this.vars[i]);
    const slots = live.map((i) => this.velocity[i]);
    tf.tidy(() => {
      if (tf.getKernel(SGD_MOMENTUM, tf.getBackend())) {
        // One dispatch for the whole update (src/engine/webgpu): [w' | v'] in one vector.
        const attrs = { lr, momentum: this.momentum, weightDecay: this.weightDecay };
        const both = tf
          .engine()
          .runKernel(SGD_MOMENTUM, { w: flatten(vars), v: flatten(slots), g: flatten(live.map((i) => grads[i]!)) }, attrs) as tf.Tensor1D;
        const parts = unflatten(both, [...vars, ...slots]);
        vars.forEach((x, k) => {
          x.assign(parts[k]);
          slots[k].assign(parts[vars.length + k]);
        });
        return;
      }
      const w = flatten(vars);
      const g0 = flatten(live.map((i) => grads[i]!));
      const g = this.weightDecay ? tf.add(g0, tf.mul(w, this.weightDecay)) : g0;
      const v = tf.add(tf.mul(flatten(slots), this.momentum), g);
      const ws = unflatten(tf.sub(w, tf.mul(v, lr)) as tf.Tensor1D, vars);
      const vs = unflatten(v as tf.Tensor1D, vars);
      vars.forEach((x, k) => {
        x.assign(ws[k]);
        slots[k].assign(vs[k]);
      });
    });
  }
  /** The momentum buffers, in variable order (checkpoints read them). */
  get slots(): readonly tf.Variable[] {
    return this.velocity;
  }
  dispose(): void {
    for (const v of this.velocity) v.dispose();
  }
}

/** Adam with L2 weight decay added to the gradient (PyTorch's Adam(weight_decay=…)). */
export class Adam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;
  constructor(
    private readonly vars: tf.Variable[],
    private readonly weightDecay: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    this.m = vars.map(zeroSlot);
    this.v = vars.map(zeroSlot);
  }
  /**
   * With `ok` (a boolean scalar computed on the device), a step where ok is false leaves the
   * variables and moments unchanged, so the update needs no readback first; call
   * `discardLastStep()` when the host later learns it was rejected.
   */
  apply(grads: Grads, lr: number, ok?: tf.Tensor): void {
    this.t++;
    const c1 = 1 - Math.pow(this.beta1, this.t);
    const c2 = 1 - Math.pow(this.beta2, this.t);
    tf.tidy(() => {
      this.vars.forEach((x, i) => {
        const g0 = grads[i];
        if (!g0) return;
        if (tf.getKernel(ADAM, tf.getBackend())) {
          // One dispatch per variable (src/engine/webgpu): [x' | m' | v'] in one vector.
          const attrs = { lr, weightDecay: this.weightDecay, beta1: this.beta1, beta2: this.beta2, c1, c2, epsilon: this.epsilon };
          const all = tf
            .engine()
            .runKernel(ADAM, { x, m: this.m[i], v: this.v[i], g: g0, ok: ok ?? this.alwaysOk() }, attrs) as tf.Tensor1D;
          const [xn, mn, vn] = unflatten(all, [x, this.m[i], this.v[i]]);
          x.assign(xn);
          this.m[i].assign(mn);
          this.v[i].assign(vn);
          return;
        }
        const g = this.weightDecay ? tf.add(g0, tf.mul(x, this.weightDecay)) : g0;
        const m = tf.add(tf.mul(this.m[i], this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(this.v[i], this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), this.epsilon));
        const next = tf.sub(x, tf.mul(update, lr));
        const keep = (a: tf.Tensor, b: tf.Tensor) => (ok ? tf.where(ok, a, b) : a);
        this.m[i].assign(keep(m, this.m[i]));
        this.v[i].assign(keep(v, this.v[i]));
        x.assign(keep(next, x));
      });
    });
  }
  private okTrue: tf.Tensor | null = null;
  /** A device-resident `true`, made once, for steps without a host-side check. */
  private alwaysOk(): tf.Tensor {
    if (!this.okTrue) this.okTrue = tf.keep(tf.scalar(true, 'bool'));
    return this.okTrue;
  }
  discardLastStep(): void {
    this.t = Math.max(0, this.t - 1);
  }
  get steps(): number {
    return this.t;
  }
  /** First moments, then second moments, in variable order (checkpoints read them). */
  get slots(): readonly tf.Variable[] {
    return [...this.m, ...this.v];
  }
  /** The bias corrections depend on the step count, so a restored run must continue it. */
  setSteps(t: number): void {
    this.t = t;
  }
  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
    this.okTrue?.dispose();
  }
}
