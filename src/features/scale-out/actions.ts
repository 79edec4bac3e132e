import { notify } from '../../app/notices';
import type { ScaleOutMessage } from '../../app/protocol';
import { useScaleOut } from '../../app/store';
import { send } from '../../app/transport';
import { saveFile } from '../../shared/save-file';
import { checkConfig } from '../search/config';
import { currentConfig } from '../search/current-config';
import type { DirectoryHandleLike } from './follow';
import { failed, followFolder, refuseWhileSearching } from './open-run';

let nextRequest = 1;

export function downloadSearchPackage(): void {
  const config = currentConfig();
  const problems = checkConfig(config);
  if (problems.length) return notify('warn', `Cannot make the PyTorch package: the config is invalid (${problems.join('; ')})`);
  const requestId = nextRequest++;
  useScaleOut.setState({ packaging: requestId });
  send({ type: 'searchPackage', requestId, config });
}

export function receivePackage(m: ScaleOutMessage): void {
  if (useScaleOut.getState().packaging !== m.requestId) return;
  useScaleOut.setState({ packaging: null });
  if (m.type === 'searchPackageError') return notify('error', `The PyTorch package could not be made: ${m.message}`);
  saveFile(m.name, m.zip as Uint8Array<ArrayBuffer>, 'application/zip');
}

export const canFollow = () => typeof window !== 'undefined' && 'showDirectoryPicker' in window;

export async function pickAndFollow(): Promise<void> {
  if (refuseWhileSearching()) return;
  let dir: DirectoryHandleLike;
  try {
    dir = await (window as unknown as { showDirectoryPicker(o: { mode: 'read' }): Promise<DirectoryHandleLike> }).showDirectoryPicker({
      mode: 'read',
    });
  } catch (err) {
    if (err instanceof Error && err.name === 'AbortError') return;
    return failed('The run folder could not be opened', err);
  }
  followFolder(dir);
}
