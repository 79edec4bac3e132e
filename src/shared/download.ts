import { saveFile } from './save-file';

/** Saves text as a file (one saver for the whole page). */
export function downloadText(name: string, text: string, type: string): void {
  saveFile(name, text, type);
}
