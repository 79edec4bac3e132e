import { useStudio } from '../../app/store';
import type { SearchConfigInput } from '../../engine/schemas';
import { effectiveConfig } from './config';
import { searchActive } from './status';

/** The config a start would use now: the preset with the user's overrides. */
export const currentConfig = (): SearchConfigInput => {
  const s = useStudio.getState();
  return effectiveConfig(s.presetId, s.overrides);
};

export const layoutOf = (cfg: SearchConfigInput) => (typeof cfg.space === 'string' ? cfg.space : 'small');

/** A search holds the worker now (config, data and backend are locked). */
export const isSearchActive = () => searchActive(useStudio.getState().status);
