/** The Python files of the package, relative to python/fbnet_search/ in the repository and to the package root. */
export const PYTHON_FILES = [
  'search.py',
  'fbnet/__init__.py',
  'fbnet/rng.py',
  'fbnet/net.py',
  'fbnet/supernet.py',
  'fbnet/schedule.py',
  'fbnet/loop.py',
  'fbnet/result.py',
  'fbnet/data.py',
] as const;

export interface PythonSource {
  path: string;
  text: string;
}

/** The sources in PYTHON_FILES order from any reader (fs in Node, `?raw` imports in the page). */
export function collectSources(read: (path: string) => string): PythonSource[] {
  return PYTHON_FILES.map((path) => ({ path, text: read(path) }));
}
