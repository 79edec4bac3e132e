/** An image classification set in NHWC float32, already at the space's input size and normalised. */
export interface Split {
  x: Float32Array; // n × size × size × channels
  y: Int32Array; // n labels in [0, numClasses)
  n: number;
}

export interface Dataset {
  name: string;
  size: number;
  channels: number;
  numClasses: number;
  classNames?: string[];
  train: Split;
  test: Split;
}
