/** Workflow ids: one live run per scenario + customer, one audience schedule per scenario. */
export const runWorkflowId = (scenarioId: string, customerId: string) => `run:${scenarioId}:${customerId}`;
export const audienceScheduleId = (scenarioId: string) => `audience:${scenarioId}`;
