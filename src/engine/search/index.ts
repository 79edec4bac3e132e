export { Search, STREAM, type SearchStatus } from './search';
export { resolveSpace } from './space-of';
export { restoreSearch, takeCheckpoint } from './checkpointing';
export { RunDriver, type DriverHooks, type DriverMode } from './driver';
export { Schedule, type Cursor } from './schedule';
export { checkControl, CONTROL_KEYS, CONTROL_NAMES, describeHarm, SLIDERS, targetSlider, type SliderRange } from './controls';
