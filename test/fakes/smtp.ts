import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { freePort } from '../../server/infra/freePort';

/** A message as the fake SMTP server received it, with the headers and text decoded from the raw MIME. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  headers: Map<string, string>;
  subject: string;
  from: string;
  to: string;
  messageId: string;
  contentType: string;
  text: string;
}

export interface FakeSmtp {
  url: string;
  /** Messages the server accepted: it answered 250 to their DATA, so it took responsibility for delivering them. */
  received: ReceivedMail[];
  /**
   * Messages received in full whose connection closed while their reply was held: never acknowledged, so never
   * accepted, as with a real server that did not get to answer 250 before the client went away.
   */
  interrupted: ReceivedMail[];
  /** Answer RCPT TO for this address with an SMTP error reply (e.g. 550 mailbox unavailable, 451 try later). */
  rejectRecipient(address: string, code: number, text: string): void;
  /** From now on, hold the reply to every message received in full (the client keeps waiting for it). */
  holdReplies(): void;
  /** Messages whose reply is being held right now, oldest first. */
  held(): ReceivedMail[];
  /** Accepts (250) the oldest `limit` held messages (all by default) and returns them; holding goes on. */
  answerHeld(limit?: number): ReceivedMail[];
  /** Stops holding and accepts whatever is still held. */
  releaseReplies(): void;
  stop(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on loopback that keeps every accepted message; AUTH PLAIN/LOGIN with user/pass.
 * With `replyDelayMs`, the greeting and the replies to AUTH, MAIL FROM, RCPT TO and the end of DATA each come that
 * long after the client spoke: a slow server.
 */
export async function startFakeSmtp(credentials = { user: 'shop', pass: 'secret' }, options: { replyDelayMs?: number } = {}): Promise<FakeSmtp> {
  const later = (reply: () => void) => (options.replyDelayMs ? void setTimeout(reply, options.replyDelayMs) : reply());
  const received: ReceivedMail[] = [];
  const interrupted: ReceivedMail[] = [];
  const rejections = new Map<string, { code: number; text: string }>();
  let holding = false;
  // By SMTP session id: the held message and the function that sends its 250.
  const held = new Map<string, { mail: ReceivedMail; answer: () => void }>();
  const closed = new Set<string>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onConnect(_session, callback) {
      later(() => callback());
    },
    onAuth(auth, _session, callback) {
      later(() => {
        if (auth.username === credentials.user && auth.password === credentials.pass) return callback(null, { user: auth.username });
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      });
    },
    onMailFrom(_address, _session, callback) {
      later(() => callback());
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      later(() => {
        const rejection = rejections.get(address.address.toLowerCase());
        if (rejection) return callback(Object.assign(new Error(rejection.text), { responseCode: rejection.code }));
        callback();
      });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mailFrom = session.envelope.mailFrom;
        const mail = parseMail(raw, { from: mailFrom ? mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) });
        const answer = () => {
          received.push(mail);
          callback();
        };
        // A reply still to come when holding starts is held too; one due on a connection already gone is never sent.
        const reply = () => {
          if (closed.has(session.id)) interrupted.push(mail);
          else if (holding) held.set(session.id, { mail, answer });
          else answer();
        };
        if (holding) reply();
        else later(reply);
      });
    },
    onClose(session) {
      closed.add(session.id);
      const pending = held.get(session.id);
      if (!pending) return;
      held.delete(session.id);
      interrupted.push(pending.mail);
    },
  });
  // A client that dies in the middle of a transaction resets its connection: a real server logs that and goes on.
  server.on('error', () => {});
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const answerHeld = (limit = Infinity) => {
    const pending = [...held].slice(0, limit);
    for (const [sessionId, h] of pending) {
      held.delete(sessionId);
      h.answer();
    }
    return pending.map(([, h]) => h.mail);
  };
  return {
    url: `smtp://${credentials.user}:${credentials.pass}@127.0.0.1:${port}`,
    received,
    interrupted,
    rejectRecipient(address, code, text) {
      rejections.set(address.toLowerCase(), { code, text });
    },
    holdReplies() {
      holding = true;
    },
    held: () => [...held.values()].map((h) => h.mail),
    answerHeld,
    releaseReplies() {
      holding = false;
      answerHeld();
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseMail(raw: string, envelope: ReceivedMail['envelope']): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const headerBlock = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of headerBlock.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const contentType = headers.get('content-type') ?? 'text/plain';
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  return {
    envelope,
    raw,
    headers,
    subject: decodeWords(headers.get('subject') ?? ''),
    from: decodeWords(headers.get('from') ?? ''),
    to: decodeWords(headers.get('to') ?? ''),
    messageId: headers.get('message-id') ?? '',
    contentType,
    text: decodeBody(body, encoding).replace(/\r\n/g, '\n'),
  };
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=), adjacent words joined without the space between. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(quotedPrintableBytes(text.replace(/_/g, ' '))).toString('utf8'),
    );
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return Buffer.from(quotedPrintableBytes(body.replace(/=\r\n/g, ''))).toString('utf8');
  return body;
}

function quotedPrintableBytes(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return bytes;
}
