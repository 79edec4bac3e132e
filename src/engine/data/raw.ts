/** One image as decoded, before any resizing: HWC uint8. */
export interface RawImage {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

/**
 * A split at its native resolution. Images are fetched by index so formats that must decode
 * (image folders) only decode the images the subsample keeps.
 */
export interface RawSplit {
  n: number;
  labels: Int32Array;
  image(i: number): RawImage | Promise<RawImage>;
}

export interface RawDataset {
  name: string;
  format: string;
  /** Native shape, as the search space should see it before resizing. */
  size: number;
  channels: number;
  numClasses: number;
  classNames?: string[];
  train: RawSplit;
  /** Absent when the format has no test part; the loader then holds one out. */
  test?: RawSplit;
}

/** A split whose images are packed back to back at one shape (IDX, CIFAR). */
export function packedSplit(pixels: Uint8Array, labels: Int32Array, height: number, width: number, channels: number): RawSplit {
  const per = height * width * channels;
  return {
    n: labels.length,
    labels,
    image: (i) => ({ width, height, channels, data: pixels.subarray(i * per, (i + 1) * per) }),
  };
}
