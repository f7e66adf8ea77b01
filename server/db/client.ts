import postgres from 'postgres';

export type Sql = postgres.Sql<Record<string, unknown>>;

/**
 * A postgres.js client. numeric and bigint come back as JS numbers: amounts fit in a double with cents, and
 * counts stay far below 2^53.
 */
export function connect(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    types: {
      numeric: { to: 1700, from: [1700], serialize: (v: unknown) => String(v), parse: (v: string) => Number(v) },
      bigint: { to: 20, from: [20], serialize: (v: unknown) => String(v), parse: (v: string) => Number(v) },
    },
  }) as unknown as Sql;
}
