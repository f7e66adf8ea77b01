import { IMPORT_LIMITS, refuse } from './limits';

/** What a reader of one XML part does with the elements streaming by. Names come without their prefix (x:c → c). */
export interface XmlHandler {
  /** An element starts; `attributes` is its raw attribute text, read with `attribute()`. */
  open(name: string, attributes: string): void;
  close(name: string): void;
  /** Text and CDATA, entities decoded; offered only while `capturing` is true, so skipped text costs nothing. */
  text(text: string): void;
  capturing: boolean;
}

/**
 * A streaming XML tokenizer for the parts of an XLSX workbook, bounded by construction: it keeps no more than one
 * unfinished token between chunks (refused past `xmlTokenChars`) and a nesting depth (refused past `xmlDepth`).
 * It does not validate; DTDs are refused, so no entity can expand.
 */
export class XmlScanner {
  private rest = '';
  /** For the unfinished token in `rest`: where to resume looking for its end, and the quote open there. */
  private resume = 0;
  private quote = 0;
  private depth = 0;

  constructor(
    private readonly part: string,
    private readonly handler: XmlHandler,
  ) {}

  write(chunk: string): void {
    const s = this.rest + chunk;
    // What was kept is either an unfinished token, or a text run that holds no '<'.
    const resuming = this.rest.startsWith('<');
    let at = 0;
    let search = resuming ? 0 : this.rest.length;
    for (;;) {
      const lt = s.indexOf('<', search);
      if (lt < 0) return this.keep(s, at);
      if (lt - at > IMPORT_LIMITS.xmlTokenChars) throw refuse.xmlTokenChars(this.part);
      if (lt > at && this.handler.capturing) this.handler.text(decodeXml(s.slice(at, lt)));
      const end = this.tokenEnd(s, lt, resuming && lt === 0);
      if (end < 0) return this.keep(s, lt);
      if (end - lt > IMPORT_LIMITS.xmlTokenChars) throw refuse.xmlTokenChars(this.part);
      this.token(s, lt, end);
      at = search = end;
    }
  }

  /** The part has been written whole: an unfinished tag means it was cut short. */
  end(): void {
    if (this.rest.startsWith('<')) throw new Error(`${this.part} ends inside a tag`);
  }

  private keep(s: string, from: number) {
    if (s.length - from > IMPORT_LIMITS.xmlTokenChars) throw refuse.xmlTokenChars(this.part);
    this.rest = s.slice(from);
  }

  /**
   * The index just after the token starting at `lt`, or -1 when the chunk ends first; then `resume` (relative to
   * `lt`) and `quote` say where to go on, so a long token is scanned once, not once per chunk.
   */
  private tokenEnd(s: string, lt: number, resuming: boolean): number {
    const second = s.charCodeAt(lt + 1);
    if (Number.isNaN(second)) return this.incomplete(0);
    if (second === 0x21 || second === 0x3f) {
      const head = s.slice(lt, lt + 9);
      if (head.length < 9 && ('<![CDATA['.startsWith(head) || '<!--'.startsWith(head))) return this.incomplete(0);
      const terminator = head.startsWith('<!--') ? '-->' : head.startsWith('<![CDATA[') ? ']]>' : second === 0x3f ? '?>' : '>';
      const found = s.indexOf(terminator, lt + Math.max(resuming ? this.resume : 0, 2));
      return found < 0 ? this.incomplete(Math.max(0, s.length - lt - terminator.length + 1)) : found + terminator.length;
    }
    // A tag: the first '>' outside a quoted attribute value ends it.
    let quote = resuming ? this.quote : 0;
    for (let k = resuming ? lt + this.resume : lt + 1; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3e) return k + 1;
    }
    return this.incomplete(s.length - lt, quote);
  }

  private incomplete(resume: number, quote = 0): number {
    this.resume = resume;
    this.quote = quote;
    return -1;
  }

  private token(s: string, start: number, end: number) {
    const second = s.charCodeAt(start + 1);
    if (second === 0x2f) {
      if (--this.depth < 0) throw new Error(`${this.part} closes an element it never opened`);
      this.handler.close(localName(s.slice(start + 2, end - 1).trim()));
    } else if (second === 0x21) {
      if (s.startsWith('<![CDATA[', start)) {
        if (this.handler.capturing) this.handler.text(s.slice(start + 9, end - 3));
      } else if (!s.startsWith('<!--', start)) {
        throw new Error(`${this.part}: a DOCTYPE is not accepted`);
      }
    } else if (second !== 0x3f) {
      const selfClosing = s.charCodeAt(end - 2) === 0x2f;
      const body = s.slice(start + 1, selfClosing ? end - 2 : end - 1);
      let k = 0;
      while (k < body.length && !isSpace(body.charCodeAt(k))) k++;
      const name = localName(body.slice(0, k));
      if (selfClosing) {
        this.handler.open(name, body.slice(k));
        this.handler.close(name);
      } else {
        if (++this.depth > IMPORT_LIMITS.xmlDepth) throw refuse.xmlDepth(this.part);
        this.handler.open(name, body.slice(k));
      }
    }
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name];
    const code = parseInt(hex ?? dec!, hex ? 16 : 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * One attribute of a tag by local name (r:id → id), entities decoded; undefined when the tag has none. Read on
 * demand, without a regular expression, because it runs for every cell of a sheet.
 */
export function attribute(raw: string, name: string): string | undefined {
  for (let at = 0; ; ) {
    const eq = raw.indexOf('=', at);
    if (eq < 0) return undefined;
    let open = eq + 1;
    while (isSpace(raw.charCodeAt(open))) open++;
    const quote = raw[open];
    if (quote !== '"' && quote !== "'") return undefined;
    const close = raw.indexOf(quote, open + 1);
    if (close < 0) return undefined;
    let end = eq;
    while (end > at && isSpace(raw.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > at && !isSpace(raw.charCodeAt(start - 1)) && raw.charCodeAt(start - 1) !== 0x3a) start--;
    if (end - start === name.length && raw.startsWith(name, start)) return decodeXml(raw.slice(open + 1, close));
    at = close + 1;
  }
}
