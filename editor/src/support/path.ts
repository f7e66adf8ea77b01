import type { ScenarioDocument } from '../../../shared/scenario/schema';
import { edgeId } from '../document/flow';
import type { RunDetail, RunMove } from './api';

type PathEntry = Omit<RunDetail['path'][number], 'version'>;

/** Nodes the run passed and the edges it took between them (by the port it left each node through), up to where it is now. */
export function takenPath(doc: ScenarioDocument, passed: PathEntry[], currentNodeId: string | null): { nodes: Set<string>; edges: Set<string> } {
  const path = currentNodeId && passed.at(-1)?.nodeId !== currentNodeId ? [...passed, { nodeId: currentNodeId, port: null, at: '' }] : passed;
  const nodes = new Set(path.map((p) => p.nodeId).filter((id) => doc.nodes.some((n) => n.id === id)));
  const edges = new Set<string>();
  for (let i = 0; i + 1 < path.length; i++) {
    const { nodeId, port } = path[i];
    const next = path[i + 1].nodeId;
    const edge = doc.edges.find((e) => e.from === nodeId && e.to === next && (port === null || e.port === port)) ?? doc.edges.find((e) => e.from === nodeId && e.to === next);
    if (edge) edges.add(edgeId(edge));
  }
  return { nodes, edges };
}

/** One version a run executed on, with the part of its path taken there. */
export interface RunLeg {
  version: number;
  document: ScenarioDocument;
  path: RunDetail['path'];
  /** The node it is at now, on the version it executes now only. */
  currentNodeId: string | null;
  /** The move that brought it onto this version (null for the version it entered with). */
  arrived: RunMove | null;
  /** The move that took it off this version (null for the version it executes now). */
  left: RunMove | null;
}

/**
 * The run's versions in the order it executed on them, each with its own stretch of the path: the old version's
 * canvas shows the path up to the move, the new one's from the move on (node ids may repeat across versions).
 */
export function runLegs(detail: Pick<RunDetail, 'run' | 'versions' | 'moves' | 'path' | 'currentNodeId'>): RunLeg[] {
  return detail.versions.map(({ version, document }) => ({
    version,
    document,
    path: detail.path.filter((p) => p.version === version),
    currentNodeId: version === detail.run.currentVersion ? detail.currentNodeId : null,
    arrived: detail.moves.findLast((m) => m.toVersion === version) ?? null,
    left: detail.moves.find((m) => m.fromVersion === version) ?? null,
  }));
}
