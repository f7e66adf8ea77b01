import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import type { NativeConnection } from '@temporalio/worker';

/** Customer runs are tagged with these in the Temporal UI (filter by scenario or customer) when the namespace has them. */
export const ScenarioIdKey = defineSearchAttributeKey('ScenarioId', SearchAttributeType.KEYWORD);
export const CustomerIdKey = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);

export function runSearchAttributes(scenarioId: string, customerId: string): TypedSearchAttributes {
  return new TypedSearchAttributes([
    { key: ScenarioIdKey, value: scenarioId },
    { key: CustomerIdKey, value: customerId },
  ]);
}

/**
 * True when both attributes are registered as Keyword in the namespace (the embedded dev server registers them; a
 * cluster needs `temporal operator search-attribute create`). Starting a workflow with an unregistered attribute
 * fails, so without them runs are simply not tagged.
 */
export async function hasRunSearchAttributes(connection: NativeConnection, namespace: string): Promise<boolean> {
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const keyword = 2; // temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
    return customAttributes?.ScenarioId === keyword && customAttributes?.CustomerId === keyword;
  } catch {
    // The time-skipping test server has no operator service.
    return false;
  }
}
