/** The request the shop's systems send for this event type, ready to copy (the address is this server's). */
export function eventCallExample(origin: string, eventType: string): string {
  const event = { id: 'evt-1001', customerId: 'c-1001', type: eventType || 'cart_abandoned', at: '2025-03-10T09:15:00+03:00', data: { total: 520 } };
  // One field a line, values compact: short enough to read in the side panel and still valid JSON.
  const fields = Object.entries(event).map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return [
    `curl -X POST ${origin}/api/events \\`,
    `  -H 'Authorization: Bearer cbk_…' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '[{`,
    fields.join(',\n'),
    `  }]'`,
  ].join('\n');
}
