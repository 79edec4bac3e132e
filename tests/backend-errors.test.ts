import { describe, expect, it } from 'vitest';
import { explainBackendError } from '../src/engine/runtime/backend-errors';

describe('explainBackendError', () => {
  it('turns a wasm abort into memory advice naming the backend and the levers', () => {
    const msg = explainBackendError(new Error('Aborted(). Build with -sASSERTIONS for more info.'), 'wasm');
    expect(msg).toMatch(/^the wasm backend ran out of memory/);
    expect(msg).toContain('batchSize');
    expect(msg).toContain('sampled');
  });

  it('passes other errors through unchanged', () => {
    expect(explainBackendError(new Error('table has 3 layers'), 'wasm')).toBe('table has 3 layers');
    expect(explainBackendError('plain string', 'cpu')).toBe('plain string');
  });
});
