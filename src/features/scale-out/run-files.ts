/** Which of the picked or dropped files are a run folder's events.jsonl and result.json. */
export interface PickedFile {
  name: string;
  /** A folder pick's path (run/events.jsonl); empty for single files. */
  webkitRelativePath?: string;
}

const pathOf = (f: PickedFile) => f.webkitRelativePath || f.name;
const baseName = (f: PickedFile) => pathOf(f).split('/').pop() ?? '';

function one<F extends PickedFile>(files: F[], name: string): F | null {
  const found = files.filter((f) => baseName(f) === name);
  if (found.length > 1)
    throw new Error(`${found.length} files named ${name} (${found.map(pathOf).join(', ')}): open one run folder at a time`);
  return found[0] ?? null;
}

/** events.jsonl is needed; result.json is there once the run has finished. Other files are ignored. */
export function pickRunFiles<F extends PickedFile>(files: F[]): { events: F; result: F | null } {
  const events = one(files, 'events.jsonl');
  const result = one(files, 'result.json');
  if (!events) {
    const names = files.slice(0, 5).map(pathOf).join(', ') + (files.length > 5 ? ', …' : '');
    throw new Error(
      `no events.jsonl among the ${files.length} file${files.length === 1 ? '' : 's'} given (${names || 'none'}): pick a run folder, or its events.jsonl and result.json`,
    );
  }
  return { events, result };
}
