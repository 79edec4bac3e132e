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
