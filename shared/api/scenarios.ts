/**
 * Scenarios, their drafts and published versions (server/api/routes/scenarios.ts). Times are ISO-8601 strings.
 */
import { z } from 'zod';
import type { ScenarioDocument } from '../scenario/schema';

/** One problem of a document (shared/scenario/problems.ts), as the API reports it. */
export const ScenarioProblem = z
  .object({
    severity: z.enum(['error', 'warning']),
    code: z.string().meta({ example: 'graph.cycle' }),
    nodeId: z.string().optional(),
    edge: z.object({ from: z.string(), port: z.string(), to: z.string() }).optional(),
    path: z.string().optional().meta({ example: 'nodes[3].config.days' }),
    message: z.object({ ru: z.string(), en: z.string() }),
  })
  .meta({ id: 'ScenarioProblem' });
export type ScenarioProblem = z.infer<typeof ScenarioProblem>;

/**
 * A `scenario/v1` document on the wire. Requests carry it unchecked (the server validates it itself and reports every
 * problem at once); answers carry a stored one, typed as such through `StoredDocument`.
 */
export const ScenarioDocumentJson = z.any().meta({ id: 'ScenarioDocument', description: 'A `scenario/v1` document (ARCHITECTURE.md §3)', type: 'object' });
const StoredDocument = ScenarioDocumentJson as unknown as z.ZodType<ScenarioDocument>;

export const ScenarioStatus = z.enum(['draft', 'active', 'paused', 'archived']);
export type ScenarioStatus = z.infer<typeof ScenarioStatus>;

const UserRef = z.object({ id: z.number(), name: z.string() }).nullable();

export const Scenario = z
  .object({
    id: z.uuid(),
    name: z.string(),
    status: ScenarioStatus,
    document: StoredDocument,
    draftRevision: z.number().int(),
    currentVersion: z.number().int().nullable(),
    hasUnpublishedChanges: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    createdBy: UserRef,
    updatedBy: UserRef,
    problems: z.array(ScenarioProblem),
    publishable: z.boolean(),
  })
  .meta({ id: 'Scenario' });
export type Scenario = z.infer<typeof Scenario>;

export const ScenarioSummary = z
  .object({
    id: z.uuid(),
    name: z.string(),
    status: ScenarioStatus,
    currentVersion: z.number().int().nullable(),
    draftRevision: z.number().int(),
    hasUnpublishedChanges: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    priority: z.number().int().meta({ description: "The draft's priority among scenarios of its exclusivity group (50 when unset)" }),
    exclusivityGroup: z.string().nullable().meta({ description: "The draft's exclusivity group, if any" }),
    counts: z.object({
      inFlight: z.number().int().meta({ description: 'Customers in a running run' }),
      conversions: z.number().int().meta({ description: 'Runs ended by a purchase' }),
      enteredToday: z.number().int().meta({ description: "Runs started today in the scenario's time zone" }),
    }),
  })
  .meta({ id: 'ScenarioSummary' });
export type ScenarioSummary = z.infer<typeof ScenarioSummary>;

export const ScenarioList = z.object({ scenarios: z.array(ScenarioSummary) });
export type ScenarioList = z.infer<typeof ScenarioList>;

export const ScenarioVersionSummary = z
  .object({ version: z.number().int(), name: z.string(), publishedAt: z.string(), publishedBy: UserRef, current: z.boolean() })
  .meta({ id: 'ScenarioVersionSummary' });
export type ScenarioVersionSummary = z.infer<typeof ScenarioVersionSummary>;

export const ScenarioVersionList = z.object({ versions: z.array(ScenarioVersionSummary) });
export type ScenarioVersionList = z.infer<typeof ScenarioVersionList>;

export const ScenarioVersion = ScenarioVersionSummary.extend({ document: StoredDocument, plan: z.any().meta({ description: 'The compiled plan the workflows run' }) }).meta({
  id: 'ScenarioVersion',
});
export type ScenarioVersion = z.infer<typeof ScenarioVersion>;

/** Body of PUT /api/scenarios/{id}. */
export const SaveDraftRequest = z.object({
  document: ScenarioDocumentJson,
  baseRevision: z.number().int().min(1).meta({ description: 'The draftRevision this edit started from' }),
});
export type SaveDraftRequest = z.input<typeof SaveDraftRequest>;

/** Body of POST /api/scenarios/{id}/publish (optional). */
export const PublishRequest = z.object({ draftRevision: z.number().int().min(1).optional().meta({ description: 'Refuse (409) unless this is still the draft revision' }) });
export type PublishRequest = z.input<typeof PublishRequest>;

export const PublishResult = z.object({ version: z.number().int(), scenario: Scenario });
export type PublishResult = z.infer<typeof PublishResult>;

export const ValidateResult = z.object({ problems: z.array(ScenarioProblem), publishable: z.boolean() });
export type ValidateResult = z.infer<typeof ValidateResult>;

/** The extra fields of a scenario error (`{ error: { code, message, issues?, …these } }`). */
export const ScenarioErrorDetails = z.object({
  problems: z.array(ScenarioProblem).optional().meta({ description: 'Every problem of the document, for the editor' }),
  currentRevision: z.number().int().optional().meta({ description: 'On revision_conflict: the draft revision saved meanwhile' }),
});
export type ScenarioErrorDetails = z.infer<typeof ScenarioErrorDetails>;
