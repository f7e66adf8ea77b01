const cache = new Map<string, boolean>();

/** True for a time zone name the runtime's ICU knows (IANA, e.g. "Asia/Yekaterinburg"); offsets like "+05:00" are not names. */
export function isIanaTimeZone(name: string): boolean {
  let known = cache.get(name);
  if (known === undefined) {
    try {
      known = name.includes('/') || name === 'UTC' ? Boolean(new Intl.DateTimeFormat('en', { timeZone: name })) : false;
    } catch {
      known = false;
    }
    cache.set(name, known);
  }
  return known;
}
