export {
  trainChild,
  checkDataset,
  TrainDivergedError,
  type TrainChildOptions,
  type TrainChildResult,
  type TrainProgress,
  type EpochRecord,
} from './train-child';
export { evaluate } from './evaluate';
export { measureInference, type InferenceTiming } from './inference';
export {
  referenceArchitectures,
  mapToSpace,
  nearestAllowed,
  cheapestArchitecture,
  describeSubstitutions,
  MOBILENET_V2_LIKE,
  CHEAPEST,
  type ReferenceArch,
  type Substitution,
} from './references';
export { paretoFront, dominates, type ParetoPoint } from './pareto';
export { crossDeviceMatrix, type CrossDeviceMatrix } from './cross-device';
export { randomArchitecturesNear, type RandomBaselineOptions } from './random-baseline';
