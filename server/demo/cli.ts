// `npm run demo-data -- --customers N [--seed S] [--now ISO]`: loads the deterministic demo shop.
// With DATABASE_URL it loads into that database; otherwise into the embedded PostgreSQL in DATA_DIR/postgres, which
// it starts itself after locking DATA_DIR like `npm start` does. While `npm start` runs, point DATABASE_URL at the
// address it serves the embedded database on (the password is in DATA_DIR/postgres/password).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { lockDataDir } from '../dataDirLock';
import { connect } from '../db/client';
import { migrate } from '../db/migrate';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../infra/embeddedPostgres';
import { DemoDataExistsError, generateDemoData } from './generate';

const say = (line: string) => console.log(`[demo-data] ${line}`);

function fail(message: string): never {
  console.error(`[demo-data] ${message}`);
  process.exit(1);
}

async function main() {
  const config = loadConfig();
  const { values } = parseArgs({
    options: { customers: { type: 'string' }, seed: { type: 'string' }, now: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log('usage: npm run demo-data -- [--customers N] [--seed S] [--now 2026-01-31T12:00:00Z]');
    return;
  }
  const customers = values.customers === undefined ? config.DEMO_CUSTOMERS || 20_000 : Number(values.customers);
  if (!Number.isInteger(customers) || customers < 1 || customers > 1_000_000) fail('--customers must be a whole number from 1 to 1,000,000');
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) fail('--now must be an ISO-8601 date-time, e.g. 2026-01-31T12:00:00Z');
  const seed = values.seed ?? 1;

  let embedded: EmbeddedPostgres | null = null;
  let lock: { release(): Promise<void> } | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    const dir = resolve(config.DATA_DIR, 'postgres');
    lock = await lockDataDir(resolve(config.DATA_DIR)).catch((error: Error) =>
      fail(
        `${error.message}\nIf that is \`npm start\`, load the demo into the database it serves: it prints "serving it on postgres://comeback:***@127.0.0.1:PORT/comeback" at start; ` +
          `run \`DATABASE_URL=postgres://comeback:PASSWORD@127.0.0.1:PORT/comeback npm run demo-data -- …\` with that port and the password in ${resolve(config.DATA_DIR, 'postgres', 'password')}.`,
      ),
    );
    say(`No DATABASE_URL: opening the embedded database in ${dir}`);
    embedded = await startEmbeddedPostgres(dir, { log: say });
    url = embedded.url;
  }
  const sql = connect(url, { max: 1 });
  try {
    await migrate(sql, say);
    say(`Generating ${customers} customers (seed ${seed})…`);
    const summary = await generateDemoData(sql, { customers, seed, now, log: say });
    say(
      `Done in ${(summary.millis / 1000).toFixed(1)} s: ${summary.customers} customers, ${summary.orders} orders, ` +
        `${summary.items} order lines, ${summary.grants} bonus grants, ${summary.redemptions} redemptions.`,
    );
  } catch (error) {
    if (error instanceof DemoDataExistsError) fail(error.message);
    throw error;
  } finally {
    await sql.end({ timeout: 5 });
    await embedded?.stop();
    await lock?.release();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
