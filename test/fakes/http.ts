import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { freePort } from '../../server/infra/freePort';

export interface FakeHttpServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * A loopback HTTP server for provider fakes; `stop` also drops requests the fake deliberately left hanging. With
 * `delayMs`, every request is handled (and so counted and answered) that long after it arrived: a slow provider.
 */
export async function startHttpFake(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void, options: { delayMs?: number } = {}): Promise<FakeHttpServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const handle = () => handler(req, Buffer.concat(chunks).toString('utf8'), res);
      if (options.delayMs) setTimeout(handle, options.delayMs);
      else handle();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Request parameters from the query string and a JSON or form body, the way Telegram and SMS.ru accept them. */
export function requestParams(req: IncomingMessage, body: string): Record<string, string> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json') && body) {
    for (const [k, v] of Object.entries(JSON.parse(body) as Record<string, unknown>)) params[k] = typeof v === 'string' ? v : JSON.stringify(v);
  } else if (type.includes('application/x-www-form-urlencoded')) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
  }
  return params;
}
