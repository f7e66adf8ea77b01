/**
 * A word-level diff of two message texts, for reading what changed in an offer: «Скидка [-20%-]{+25%+} до пятницы».
 * Words, runs of spaces and single punctuation marks are the tokens; the longest common subsequence of tokens is kept,
 * the rest is marked removed or added. Adjacent edits are gathered so a reader sees the old phrase, then the new one.
 */

export type DiffPart = { kind: 'same' | 'removed' | 'added'; text: string };

const TOKEN = /\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;
/** Beyond this many token pairs the table would be slow to build: the middle is shown as replaced as a whole. */
const MAX_CELLS = 4_000_000;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    if (text) parts.push({ kind, text });
  };
  push('same', a.slice(0, start).join(''));
  for (const part of diffMiddle(a.slice(start, endA), b.slice(start, endB))) push(part.kind, part.text);
  push('same', a.slice(endA).join(''));
  return gather(parts);
}

/** The edits between two token lists with no common first or last token. */
function diffMiddle(a: string[], b: string[]): DiffPart[] {
  if (!a.length || !b.length || a.length * b.length > MAX_CELLS) {
    return [
      { kind: 'removed', text: a.join('') },
      { kind: 'added', text: b.join('') },
    ];
  }
  // lcs[i * (m + 1) + j]: length of the longest common subsequence of a[i..] and b[j..].
  const n = a.length;
  const m = b.length;
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? lcs[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
    }
  }
  const out: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i++] });
      j++;
    } else if (lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) out.push({ kind: 'removed', text: a[i++] });
    else out.push({ kind: 'added', text: b[j++] });
  }
  while (i < n) out.push({ kind: 'removed', text: a[i++] });
  while (j < m) out.push({ kind: 'added', text: b[j++] });
  return out;
}

/**
 * Merges neighbours of one kind, and folds a lone space or punctuation mark kept between two edits into them:
 * «[-до пятницы-]{+до воскресенья+}» reads better than five interleaved fragments.
 */
function gather(parts: DiffPart[]): DiffPart[] {
  const isEdit = (p: DiffPart | undefined) => !!p && p.kind !== 'same';
  const runs: DiffPart[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    if (removed) runs.push({ kind: 'removed', text: removed });
    if (added) runs.push({ kind: 'added', text: added });
    removed = added = '';
  };
  parts.forEach((part, k) => {
    const glue = part.kind === 'same' && /^(\s+|[^\s\p{L}\p{N}_])$/u.test(part.text) && isEdit(parts[k - 1]) && isEdit(parts[k + 1]);
    if (part.kind === 'removed' || glue) removed += part.text;
    if (part.kind === 'added' || glue) added += part.text;
    if (part.kind === 'same' && !glue) {
      flush();
      const last = runs[runs.length - 1];
      if (last?.kind === 'same') last.text += part.text;
      else runs.push({ ...part });
    }
  });
  flush();
  return runs;
}

