import { useCallback } from 'react';
import { useReactFlow, useStoreApi, type Node } from '@xyflow/react';
import { isTrigger } from '../../../shared/scenario/schema';

/** Below this zoom node text (12–13 px) turns into specks; a scenario that does not fit is shown from its top instead. */
export const MIN_READABLE_ZOOM = 0.7;
const PADDING = 40;

/**
 * "Show everything" that stays readable: the whole graph when it fits at a readable zoom (never above 100 %),
 * otherwise the top of the graph at MIN_READABLE_ZOOM, centred on the graph — or on the trigger when the graph is
 * wider than the screen — with the minimap for the rest. The trigger is where a marketer starts reading.
 */
export function useReadableFit() {
  const flow = useReactFlow();
  const store = useStoreApi();
  return useCallback(
    (options: { duration?: number } = {}) => {
      const nodes = flow.getNodes();
      const { width, height } = store.getState();
      if (nodes.length === 0 || width === 0 || height === 0) return;
      const bounds = flow.getNodesBounds(nodes);
      const fits = Math.min(1, (width - 2 * PADDING) / Math.max(bounds.width, 1), (height - 2 * PADDING) / Math.max(bounds.height, 1));
      if (fits >= MIN_READABLE_ZOOM) {
        void flow.fitView({ padding: PADDING / Math.min(width, height), maxZoom: 1, duration: options.duration });
        return;
      }
      const zoom = MIN_READABLE_ZOOM;
      const trigger = nodes.find((n: Node) => isTrigger((n.data as { node?: { type?: string } })?.node?.type));
      const centreX =
        bounds.width * zoom <= width - 2 * PADDING || !trigger
          ? bounds.x + bounds.width / 2
          : trigger.position.x + (trigger.measured?.width ?? 240) / 2;
      const top = bounds.height * zoom <= height - 2 * PADDING ? bounds.y + bounds.height / 2 - (height / 2 - PADDING) / zoom : bounds.y;
      void flow.setViewport({ x: width / 2 - centreX * zoom, y: PADDING - top * zoom, zoom }, { duration: options.duration });
    },
    [flow, store],
  );
}

