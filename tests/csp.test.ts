import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const html = readFileSync(new URL('index.html', root), 'utf8');
const viteConfig = readFileSync(new URL('vite.config.ts', root), 'utf8');
const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
const header = /const CSP =\s*"([^"]+)"/.exec(viteConfig)?.[1] ?? '';
const directives = (p: string) =>
  Object.fromEntries(
    p
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );

describe('Content-Security-Policy', () => {
  it('is set in index.html and in the server headers, the same policy in both', () => {
    expect(meta).not.toBe('');
    // frame-ancestors only works as a header.
    expect(header).toBe(`${meta}; frame-ancestors 'none'`);
  });

  it('allows wasm but no eval, and only the app origin for scripts, workers and requests', () => {
    const d = directives(meta);
    expect(meta).not.toContain("'unsafe-eval'");
    expect(d['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d['connect-src']).toEqual(["'self'"]);
    expect(d['worker-src']).toEqual(["'self'", 'blob:']);
    expect(d['default-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
  });
});
