import { useDeferredValue, useEffect, useMemo } from 'react';
import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { validateScenario, type Problem } from '../../../shared/scenario/validate';
import { useWebhookNames } from '../settings/webhooksApi';
import type { NodeMarks } from './flow';

export interface ProblemsView {
  problems: Problem[];
  errors: number;
  warnings: number;
  /** Worst severity per node id, for the canvas. */
  byNode: Record<string, 'error' | 'warning'>;
}

export function summarizeProblems(problems: Problem[]): ProblemsView {
  const byNode: Record<string, 'error' | 'warning'> = {};
  for (const p of problems) {
    const id = p.nodeId ?? p.edge?.from;
    if (!id) continue;
    if (p.severity === 'error' || !byNode[id]) byNode[id] = p.severity;
  }
  return {
    problems,
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    byNode,
  };
}

/**
 * Local validation with the same code the server runs, so problems appear as the marketer types; deferred so
 * that typing in a 300-node scenario never waits for it. The server re-validates on save and publish.
 */
export function useProblems(doc: ScenarioDocument): ProblemsView {
  const deferred = useDeferredValue(doc);
  const usesWebhooks = deferred.nodes.some((n) => n.type === 'webhook');
  const { names, load } = useWebhookNames();
  useEffect(() => {
    if (usesWebhooks) load();
  }, [usesWebhooks, load]);
  // The configured endpoints, once known: a node naming another one is an error here as it is at publish time.
  const endpoints = usesWebhooks ? names : null;
  return useMemo(() => summarizeProblems(validateScenario(deferred, endpoints ? { webhookEndpoints: endpoints } : {}).problems), [deferred, endpoints]);
}

export function marksFor(view: ProblemsView, path: { nodes: ReadonlySet<string> } | null): Record<string, NodeMarks> {
  const marks: Record<string, NodeMarks> = {};
  for (const [id, severity] of Object.entries(view.byNode)) marks[id] = { severity };
  if (path) {
    for (const id of path.nodes) marks[id] = { ...marks[id], highlighted: true };
  }
  return marks;
}
