import { newId } from '../features/search/slice';
import { useStudio, type Notice } from './store';

export function notify(level: Notice['level'], text: string): void {
  useStudio.setState((s) => ({ notices: [...s.notices.slice(-7), { id: newId(), level, text }] }));
}

export function dismissNotice(id: number): void {
  useStudio.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}
