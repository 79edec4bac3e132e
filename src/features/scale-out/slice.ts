/** The scale-out part of the one store: the package being made, and the PyTorch run shown. */
export interface ScaleOutState {
  /** The request of the package the worker is making, or null. */
  packaging: number | null;
  /** The PyTorch run in the charts (opened from files or followed), described for the panel. */
  shown: string | null;
  /** The folder being followed live, or null. */
  following: string | null;
  /** The last file problem, shown beside the controls until the next open. */
  problem: string | null;
}

export interface ScaleOutSlice {
  scaleOut: ScaleOutState;
}

export const createScaleOutSlice = (): ScaleOutSlice => ({
  scaleOut: { packaging: null, shown: null, following: null, problem: null },
});
