/**
 * The package's Python sources for the page, bundled by Vite as text. Node reads the same files from
 * disk (src/cli/export-search.ts); a test checks both give the same PYTHON_FILES.
 */
import search from '../../../../python/fbnet_search/search.py?raw';
import init from '../../../../python/fbnet_search/fbnet/__init__.py?raw';
import rng from '../../../../python/fbnet_search/fbnet/rng.py?raw';
import net from '../../../../python/fbnet_search/fbnet/net.py?raw';
import supernet from '../../../../python/fbnet_search/fbnet/supernet.py?raw';
import schedule from '../../../../python/fbnet_search/fbnet/schedule.py?raw';
import loop from '../../../../python/fbnet_search/fbnet/loop.py?raw';
import result from '../../../../python/fbnet_search/fbnet/result.py?raw';
import data from '../../../../python/fbnet_search/fbnet/data.py?raw';
import { collectSources, type PythonSource } from './sources';

const TEXT: Record<string, string> = {
  'search.py': search,
  'fbnet/__init__.py': init,
  'fbnet/rng.py': rng,
  'fbnet/net.py': net,
  'fbnet/supernet.py': supernet,
  'fbnet/schedule.py': schedule,
  'fbnet/loop.py': loop,
  'fbnet/result.py': result,
  'fbnet/data.py': data,
};

export function browserSources(): PythonSource[] {
  return collectSources((p) => TEXT[p]);
}
