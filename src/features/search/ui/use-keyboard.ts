import { useEffect } from 'react';
import { useStudio } from '../../../app/store';
import { pauseSearch, resumeSearch, stepSearch } from '../actions';

/** Keys typed into a field belong to the field: a space in a number box is not a pause. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range', 'submit'].includes(target.type);
}

/**
 * Space pauses a running search and resumes a paused one; `s` runs one step of a paused one. The
 * space is taken from a focused button as well, so it does not also click it (the focus usually
 * rests on Start or Pause after a click).
 */
export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const { status } = useStudio.getState();
      if (e.key === ' ') {
        if (status !== 'running' && status !== 'paused') return;
        e.preventDefault();
        if (e.type !== 'keydown' || e.repeat) return;
        if (status === 'running') pauseSearch();
        else resumeSearch();
      } else if (e.type === 'keydown' && (e.key === 's' || e.key === 'S') && !e.shiftKey && status === 'paused') {
        e.preventDefault();
        stepSearch();
      }
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKey);
    };
  }, []);
}
