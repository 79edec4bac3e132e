export function fmtMs(ms: number | null | undefined, digits = 2): string {
  if (ms == null || !Number.isFinite(ms)) return '–';
  return `${ms.toFixed(digits)} ms`;
}

export function fmtCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(Math.round(n));
}

export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function fmtNum(v: number | null | undefined, digits = 3): string {
  if (v == null || !Number.isFinite(v)) return '–';
  return String(+v.toPrecision(digits));
}

export const pct = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)}%`);

/** A name cut to `max` characters with an ellipsis (an uploaded file's name can be any length); show the whole one as a title. */
export function clipName(name: string, max: number): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}
