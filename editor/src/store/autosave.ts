import { useEffect } from 'react';
import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { ApiError } from '../api/http';
import { saveDraft } from '../api/scenarios';
import { useEditor } from './editor';

const SAVE_DELAY_MS = 800;
const backupKey = (id: string) => `comeback.unsaved.${id}`;

interface Backup {
  baseRevision: number;
  document: ScenarioDocument;
}

/** Unsaved work kept in this browser, so a reload or a lost connection loses nothing. */
export function readBackup(id: string): Backup | null {
  try {
    const raw = localStorage.getItem(backupKey(id));
    return raw ? (JSON.parse(raw) as Backup) : null;
  } catch {
    return null;
  }
}

export function clearBackup(id: string) {
  try {
    localStorage.removeItem(backupKey(id));
  } catch {
    // Storage unavailable: nothing was kept either.
  }
}

function writeBackup(id: string, backup: Backup) {
  try {
    localStorage.setItem(backupKey(id), JSON.stringify(backup));
  } catch {
    // Quota or private mode: the server copy is all we have.
  }
}

let inFlight: Promise<void> | null = null;

/**
 * Saves the draft shortly after each change, on top of the revision it was loaded at. A 409 means another tab
 * or person saved in between: the editor stops and asks instead of overwriting their work.
 */
export async function saveNow(force = false): Promise<void> {
  if (inFlight) await inFlight;
  const s = useEditor.getState();
  if (!s.scenarioId || s.readOnly || s.revision === null) return;
  if (!force && (s.saveState === 'conflict' || s.saveState === 'saved')) return;
  const json = JSON.stringify(s.doc);
  if (json === s.savedJson && !force) return;
  const id = s.scenarioId;
  s.markSaving();
  inFlight = (async () => {
    try {
      const saved = await saveDraft(id, s.doc, s.revision!);
      useEditor.getState().markSaved(json, saved.draftRevision);
      if (useEditor.getState().saveState === 'saved') clearBackup(id);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) useEditor.getState().markSaveFailed('conflict', e.message);
      else if (e instanceof ApiError && e.status === 0) useEditor.getState().markSaveFailed('offline', e.message);
      else useEditor.getState().markSaveFailed('error', e instanceof Error ? e.message : String(e));
    } finally {
      inFlight = null;
    }
  })();
  await inFlight;
}

export function useAutosave() {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = useEditor.subscribe((state, prev) => {
      if (state.doc === prev.doc || state.readOnly || !state.scenarioId) return;
      const dirty = JSON.stringify(state.doc) !== state.savedJson;
      if (state.revision !== null && dirty) writeBackup(state.scenarioId, { baseRevision: state.revision, document: state.doc });
      // Undo back to the saved document is "saved" again; anything else waits for the next save.
      if (!dirty && state.saveState === 'unsaved') useEditor.setState({ saveState: 'saved' });
      else if (dirty && state.saveState === 'saved') useEditor.setState({ saveState: 'unsaved' });
      clearTimeout(timer);
      if (dirty) timer = setTimeout(() => void saveNow(), SAVE_DELAY_MS);
    });
    const beforeUnload = (e: BeforeUnloadEvent) => {
      const s = useEditor.getState();
      if (!s.readOnly && JSON.stringify(s.doc) !== s.savedJson) e.preventDefault();
    };
    addEventListener('beforeunload', beforeUnload);
    // Retry after an outage without waiting for the next keystroke.
    const online = () => useEditor.getState().saveState === 'offline' && void saveNow(true);
    addEventListener('online', online);
    const retry = setInterval(() => {
      if (useEditor.getState().saveState === 'offline') void saveNow(true);
    }, 10_000);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      clearInterval(retry);
      removeEventListener('beforeunload', beforeUnload);
      removeEventListener('online', online);
    };
  }, []);
}
