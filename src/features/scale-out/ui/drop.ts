/**
 * Files dropped on the page, a dropped folder read one level deep (a run folder is flat). Entries
 * are taken while the drop event lasts: its DataTransfer is emptied once the handler returns.
 */
interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  file?(ok: (f: File) => void, fail: (e: unknown) => void): void;
  createReader?(): { readEntries(ok: (e: Entry[]) => void, fail: (e: unknown) => void): void };
}

const fileOf = (e: Entry) => new Promise<File>((ok, fail) => e.file!(ok, fail));

async function folderFiles(dir: Entry): Promise<File[]> {
  const reader = dir.createReader!();
  const entries: Entry[] = [];
  // readEntries gives a batch at a time (up to 100 in Chrome) until an empty one.
  for (;;) {
    const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (!batch.length) break;
    entries.push(...batch);
  }
  return Promise.all(entries.filter((e) => e.isFile).map(fileOf));
}

export function droppedFiles(dt: DataTransfer): Promise<File[]> {
  const entries = Array.from(dt.items ?? [])
    .map((i) => (i.kind === 'file' ? (i.webkitGetAsEntry?.() as Entry | null) : null))
    .filter((e): e is Entry => e != null);
  const files = Array.from(dt.files);
  if (!entries.some((e) => e.isDirectory)) return Promise.resolve(files);
  return Promise.all(entries.map((e) => (e.isDirectory ? folderFiles(e) : fileOf(e).then((f) => [f])))).then((lists) => lists.flat());
}

export const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
