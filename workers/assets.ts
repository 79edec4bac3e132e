import { errorMessage } from '../src/engine/errors';
/** Fetches a served asset as bytes, with a message that names the file when it is missing. */
export async function fetchBytes(url: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new Error(`could not fetch ${url}: ${errorMessage(err)}`);
  }
  if (!res.ok) throw new Error(`could not fetch ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

export async function fetchText(url: string): Promise<string> {
  return new TextDecoder().decode(await fetchBytes(url));
}

/** The data loader's file source, rooted at the served data folder. */
export function servedSource(root: string): { read(name: string): Promise<Uint8Array> } {
  return { read: (name) => fetchBytes(new URL(name, new URL(root, self.location.href)).href) };
}
