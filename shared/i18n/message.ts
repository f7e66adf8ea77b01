import { formatNumber } from './format';
import { pluralCategory } from './plural';
import type { Lang } from './text';

/**
 * Message templates, a small subset of ICU MessageFormat:
 * - `{name}` is replaced by the parameter `name` (left as written when there is no such parameter);
 * - `{n, plural, one {# клиент} few {# клиента} many {# клиентов}}` picks the branch for the number `n` by the
 *   language's CLDR plural rules (Intl.PluralRules); `#` inside it is the number, formatted for the language. A branch
 *   `other` catches what no other branch names; Russian fractions without an `other` branch take `few` («1,5 клиента»).
 */

export type MessageParams = Record<string, string | number>;

type Part = string | { param: string } | { param: string; branches: Record<string, Part[]> };

const parsed = new Map<string, Part[]>();

/** The text of a template with its parameters in place. */
export function formatMessage(lang: Lang, template: string, params?: MessageParams): string {
  if (!params) return template;
  let parts = parsed.get(template);
  if (!parts) {
    parts = parse(template);
    parsed.set(template, parts);
  }
  return render(lang, parts, params, null);
}

/** Each plural in a template: its parameter and the branch names it offers (for checking dictionaries). */
export function pluralsOf(template: string): { param: string; branches: string[] }[] {
  const out: { param: string; branches: string[] }[] = [];
  const walk = (parts: Part[]) => {
    for (const part of parts) {
      if (typeof part === 'string' || !('branches' in part)) continue;
      out.push({ param: part.param, branches: Object.keys(part.branches) });
      Object.values(part.branches).forEach(walk);
    }
  };
  walk(parse(template));
  return out;
}

function render(lang: Lang, parts: Part[], params: MessageParams, count: number | null): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += count === null ? part : part.replace(/#/g, formatNumber(count, lang));
    } else if (!('branches' in part)) {
      out += part.param in params ? String(params[part.param]) : `{${part.param}}`;
    } else {
      const n = Number(params[part.param]);
      const branch = Number.isFinite(n) ? pickBranch(lang, n, part.branches) : undefined;
      out += branch ? render(lang, branch, params, n) : `{${part.param}}`;
    }
  }
  return out;
}

function pickBranch(lang: Lang, n: number, branches: Record<string, Part[]>): Part[] | undefined {
  const category = pluralCategory(lang, n);
  return branches[`=${n}`] ?? branches[category] ?? branches.other ?? (lang === 'ru' && category === 'other' ? branches.few : undefined);
}

/** The index of the `}` that closes the `{` at `open`. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function parse(text: string): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const end = text[i] === '{' ? closing(text, i) : -1;
    const inner = end > 0 ? text.slice(i + 1, end) : '';
    const simple = /^(\w+)$/.exec(inner);
    const plural = /^\s*(\w+)\s*,\s*plural\s*,/.exec(inner);
    if (simple || plural) {
      if (literal) parts.push(literal);
      literal = '';
      parts.push(simple ? { param: simple[1] } : { param: plural![1], branches: parseBranches(inner.slice(plural![0].length)) });
      i = end + 1;
    } else {
      literal += text[i];
      i++;
    }
  }
  if (literal) parts.push(literal);
  return parts;
}

function parseBranches(text: string): Record<string, Part[]> {
  const branches: Record<string, Part[]> = {};
  const name = /\s*(=?\w+)\s*\{/y;
  let at = 0;
  for (;;) {
    name.lastIndex = at;
    const m = name.exec(text);
    if (!m) break;
    const open = at + m[0].length - 1;
    const end = closing(text, open);
    if (end < 0) break;
    branches[m[1]] = parse(text.slice(open + 1, end));
    at = end + 1;
  }
  return branches;
}
