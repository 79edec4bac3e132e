import { strToU8, zipSync } from 'fflate';
import type { RetrainMessage, WorkerMessage } from '../../app/protocol';
import { isRetrainMessage } from './protocol';
import { reduceAfter } from './reduce';
import { useAfterSearch } from '../../app/store';
import { fileStem } from './files';
import { saveFile } from '../../shared/save-file';

/** The after-search messages of a batch: folded into their store; a tfjs export becomes one .zip download, an ONNX one a .onnx. */
export function receiveAfterSearch(batch: readonly WorkerMessage[]): void {
  const mine = batch.filter((m): m is RetrainMessage => isRetrainMessage(m));
  if (!mine.length) return;
  useAfterSearch.setState((s) => reduceAfter(s, mine));
  for (const m of mine) {
    if (m.type !== 'retrainExport' && m.type !== 'retrainOnnx') continue;
    const entry = useAfterSearch.getState().retrains.find((e) => e.id === m.id);
    if (m.type === 'retrainOnnx') {
      saveFile(`${fileStem(entry?.name ?? `net-${m.id}`, m.id)}.onnx`, new Uint8Array(m.bytes), 'application/octet-stream');
      continue;
    }
    const zip = zipSync({ 'model.json': strToU8(m.modelJson), [m.weightsFile]: new Uint8Array(m.weights) });
    saveFile(`${fileStem(entry?.name ?? `net-${m.id}`, m.id)}-tfjs.zip`, zip as Uint8Array<ArrayBuffer>, 'application/zip');
  }
}
