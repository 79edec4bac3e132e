/**
 * Names of the kernels this folder registers for tfjs's WebGPU backend. Kept apart from the kernels
 * so code that runs on every backend can ask `tf.getKernel(name, backend)` without loading them.
 */
/** x, m, v, g [n] → [w', v'] as one [2n] vector: SGD with momentum and weight decay. */
export const SGD_MOMENTUM = 'FbnetSgdMomentum';
/** x, m, v, g [n] and ok [] → [x', m', v'] as one [3n] vector: Adam with L2 weight decay. */
export const ADAM = 'FbnetAdam';
/** a, b [n] → (1 − t)·a + t·b: running averages. */
export const BLEND = 'FbnetBlend';
/** x [n] → the parts x[offsets[i] .. + size(shapes[i])] shaped shapes[i]: buffer copies, no dispatch. */
export const FLAT_SLICES = 'FbnetFlatSlices';
/** m [L, K] and idx int32 [n] → m.flat[idx]: the sampled path's weight of each layer. */
export const PICK = 'FbnetPick';
/** dy [n] and idx int32 [n] → dm shaped `shape`: PICK's gradient. */
export const PICK_GRAD = 'FbnetPickGrad';
/** θ, bias, lut [L, 9], noise [..., L, 9], path int32 [L] → [m | mean E[LAT]]: Gumbel-softmax and latency. */
export const GUMBEL_LATENCY = 'FbnetGumbelLatency';
/** GUMBEL_LATENCY's gradient with respect to θ. */
export const GUMBEL_LATENCY_GRAD = 'FbnetGumbelLatencyGrad';
