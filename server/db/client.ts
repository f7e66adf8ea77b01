import postgres from 'postgres';

export type Sql = postgres.Sql<Record<string, unknown>>;

/**
 * A postgres.js client. numeric and bigint come back as JS numbers: amounts fit in a double with cents, and
 * counts stay far below 2^53.
 */
export function connect(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, { max: options.max ?? 10, ...COMMON }) as unknown as Sql;
}

/** A client of another database on the same server as `sql`, as the same role over the same transport. */
export function connectToDatabase(sql: Sql, database: string, options: { max?: number } = {}): Sql {
  const { host, port, path, user, pass, ssl } = sql.options;
  const same = { host, port, path, user, pass, ssl } as unknown as postgres.Options<{}>;
  return postgres({ ...same, database, max: options.max ?? 10, ...COMMON }) as unknown as Sql;
}

const COMMON = {
  onnotice: () => {},
  types: {
    numeric: { to: 1700, from: [1700], serialize: (v: unknown) => String(v), parse: (v: string) => Number(v) },
    bigint: { to: 20, from: [20], serialize: (v: unknown) => String(v), parse: (v: string) => Number(v) },
  },
};
