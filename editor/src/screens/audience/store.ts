import { useEffect } from 'react';
import { create } from 'zustand';
import type { ScenarioDocument } from '../../../../shared/scenario/schema';
import { api } from '../../api/http';
import { entersOnEvents } from '../../document/trigger';
import { useEditor } from '../../store/editor';
import type { AudienceReport, AudienceRequest } from '../../../../shared/api/audience';

interface AudienceState {
  report: AudienceReport | null;
  /** A request for the current document is on its way (the shown report may be for an earlier one). */
  pending: boolean;
  error: string | null;
  /** Admins may change the message prices from the cost estimate. */
  canEditPrices: boolean;
  /** Asks again for the same document (after prices change, or to refresh the count). */
  refresh(): void;
  /** The draft's trigger starts runs on events: there is no audience to count now, and the server is not asked. */
  byEvents: boolean;
}

export const useAudience = create<AudienceState>(() => ({ report: null, pending: false, error: null, canEditPrices: false, refresh: () => {}, byEvents: false }));

/** Positions and labels change neither the audience nor the cost: dragging a node must not ask the server. */
function contentKey(doc: ScenarioDocument): string {
  return JSON.stringify({ ...doc, name: '', nodes: doc.nodes.map(({ position: _p, label: _l, ...n }) => n) });
}

const DEBOUNCE_MS = 600;

/**
 * Keeps the audience report in step with the document being edited: asks the server (POST /api/scenarios/audience,
 * server/api/routes/audience.ts; the shapes are shared/api/audience.ts) 600 ms after the last change that matters,
 * and drops answers that arrive after a newer request was made.
 */
export function useAudienceFeed(scenarioId: string, canEditPrices: boolean) {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastKey = '';
    let generation = 0;
    const ask = () => {
      const doc = useEditor.getState().doc;
      const mine = ++generation;
      useAudience.setState({ pending: true });
      api<AudienceReport>('POST', '/api/scenarios/audience', { document: doc, scenarioId } satisfies AudienceRequest)
        .then((report) => mine === generation && useAudience.setState({ report, pending: false, error: null }))
        .catch((e: unknown) => mine === generation && useAudience.setState({ pending: false, error: e instanceof Error ? e.message : String(e) }));
    };
    const schedule = (doc: ScenarioDocument, force = false) => {
      const key = contentKey(doc);
      if (key === lastKey && !force) return;
      lastKey = key;
      clearTimeout(timer);
      if (entersOnEvents(doc)) {
        generation++;
        useAudience.setState({ report: null, pending: false, error: null, byEvents: true });
        return;
      }
      useAudience.setState({ pending: true, byEvents: false });
      timer = setTimeout(ask, DEBOUNCE_MS);
    };
    useAudience.setState({ report: null, pending: true, error: null, byEvents: false, canEditPrices, refresh: () => schedule(useEditor.getState().doc, true) });
    schedule(useEditor.getState().doc);
    const unsubscribe = useEditor.subscribe((state, prev) => {
      if (state.doc !== prev.doc) schedule(state.doc);
    });
    return () => {
      generation++;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [scenarioId, canEditPrices]);
}
