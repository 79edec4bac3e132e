import { describe, expect, it } from 'vitest';
import { resultFileName } from '../src/features/search/export-name';

describe('architecture export file names', () => {
  it('name the preset, seed, step and time', () => {
    const at = new Date(Date.UTC(2026, 11, 2, 8, 5, 9));
    expect(resultFileName('cpu-quick', 7, 42, at)).toBe('fbnet-cpu-quick-seed7-step42-20261202-080509.json');
    expect(resultFileName('cpu-quick', 7, 43, at)).not.toBe(resultFileName('cpu-quick', 7, 42, at));
  });
});
