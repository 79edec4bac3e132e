/**
 * The one module that imports tfjs. Engine code takes `tf` from here, so the backend
 * packages and their registration stay in one place.
 */
import * as tf from '@tensorflow/tfjs';
export { tf };
export type Tensor = tf.Tensor;
