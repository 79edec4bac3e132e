/**
 * Following a run folder while its events.jsonl grows (File System Access API in Chrome): each poll
 * reads only the bytes added since the last one, up to the last complete line, so a line being
 * written is left for the next poll and a multi-byte character is never cut.
 */
import { RunReader, type RunStart } from '../../engine/runs/pytorch-run';
import type { SearchEvent } from '../../engine/search/events';

/** The parts of FileSystemDirectoryHandle / FileSystemFileHandle the follower uses (fakes in tests). */
export interface FileHandleLike {
  getFile(): Promise<Blob>;
}
export interface DirectoryHandleLike {
  readonly name: string;
  getFileHandle(name: string): Promise<FileHandleLike>;
}

export const FOLLOW_EVERY_MS = 2000;

export interface FollowUpdate {
  /** Set on the poll that read the start line. */
  start: RunStart | null;
  events: SearchEvent[];
  /** The run has ended and its result.json was read (the last event is the done event with it). */
  finished: boolean;
}

const NEWLINE = 10;

async function optionalFile(dir: DirectoryHandleLike, name: string): Promise<Blob | null> {
  try {
    return await (await dir.getFileHandle(name)).getFile();
  } catch (err) {
    if (err instanceof Error && err.name === 'NotFoundError') return null;
    throw err;
  }
}

export class RunFollower {
  private offset = 0;
  private readonly reader = new RunReader();
  private readonly decoder = new TextDecoder();

  constructor(private readonly dir: DirectoryHandleLike) {}

  /** Bytes of events.jsonl read so far (whole lines only). */
  get consumed(): number {
    return this.offset;
  }

  get steps(): number {
    return this.reader.steps;
  }

  async poll(): Promise<FollowUpdate> {
    // result.json is written after the last line: seen before the read, the read gets every line.
    const result = await optionalFile(this.dir, 'result.json');
    const file = await optionalFile(this.dir, 'events.jsonl');
    const update: FollowUpdate = { start: null, events: [], finished: false };
    if (!file) return update;
    if (file.size < this.offset)
      throw new Error(`events.jsonl shrank from ${this.offset} to ${file.size} bytes: a new run started in this folder; open it again`);
    if (file.size > this.offset) {
      const bytes = new Uint8Array(await file.slice(this.offset, file.size).arrayBuffer());
      const end = bytes.lastIndexOf(NEWLINE) + 1;
      if (end > 0) {
        const hadStart = this.reader.start != null;
        const chunk = this.reader.read(this.decoder.decode(bytes.subarray(0, end)));
        this.offset += end;
        update.events = chunk.events;
        if (!hadStart) update.start = this.reader.start;
      }
    }
    if (result && this.reader.start) {
      update.events.push(this.reader.finish(await result.text()));
      update.finished = true;
    }
    return update;
  }
}
