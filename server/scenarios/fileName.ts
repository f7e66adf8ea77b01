const LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y',
  ь: '', э: 'e', ю: 'yu', я: 'ya',
};

function transliterate(text: string): string {
  return [...text]
    .map((ch) => {
      const lower = ch.toLowerCase();
      const latin = LATIN[lower];
      if (latin === undefined) return ch;
      return ch === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
    })
    .join('');
}

/**
 * Content-Disposition for an exported scenario: the exact name for browsers (RFC 6266 `filename*`), and a
 * transliterated ASCII `filename` for clients that only read that one («Возврат: полгода» → Vozvrat_polgoda).
 */
export function exportDisposition(name: string, version?: number): string {
  const base = `${name}${version ? ` v${version}` : ''}`.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim() || 'scenario';
  const ascii =
    transliterate(base)
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/_+/g, '_')
      .replace(/^_|_$/g, '') || 'scenario';
  return `attachment; filename="${ascii}.scenario.json"; filename*=UTF-8''${encodeURIComponent(`${base}.scenario.json`)}`;
}
