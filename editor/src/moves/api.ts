import type { MoveChoices, MovePlanner, MovePlanProgress, MovePreview } from '../../../shared/api/moves';
import { api } from '../api/http';

export type { MoveChoices, MovePlanner, MovePlanProgress, MovePreview } from '../../../shared/api/moves';

const base = (id: string) => `/api/scenarios/${encodeURIComponent(id)}/moves`;

export const getPlanner = (id: string) => api<MovePlanner>('GET', base(id));
export const previewPlan = (id: string, choices: MoveChoices) => api<MovePreview>('POST', `${base(id)}/preview`, { choices });
export const applyPlan = (id: string, choices: MoveChoices) => api<MovePlanProgress>('POST', base(id), { choices });
export const planProgress = (id: string, planId: string) => api<MovePlanProgress>('GET', `${base(id)}/${encodeURIComponent(planId)}`);
