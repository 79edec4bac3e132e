/** Files are size-checked before they are read: a huge upload is refused, never loaded into memory. */
export class FileTooLarge extends Error {}

export function checkFileSize(file: { name: string; size: number }, maxBytes: number, what: string): void {
  if (file.size > maxBytes) {
    const mb = (n: number) => (n / 1048576).toFixed(1);
    throw new FileTooLarge(`${file.name} is ${mb(file.size)} MB; ${what} may be at most ${mb(maxBytes)} MB`);
  }
}

export async function readTextCapped(file: File, maxBytes: number, what: string): Promise<string> {
  checkFileSize(file, maxBytes, what);
  return file.text();
}
