/**
 * SMS length in the units operators bill: a text that fits the GSM 03.38 alphabet goes as GSM-7 (160 characters,
 * 153 per part when split), anything else (Cyrillic, emoji) as UCS-2 (70, 67 per part).
 */

export interface SmsLength {
  encoding: 'GSM-7' | 'UCS-2';
  /** Length in the encoding's units: GSM-7 extension characters (€, [, {, …) count twice, emoji count twice in UCS-2. */
  characters: number;
  segments: number;
  /** Capacity of one segment for this text: 160/153 (GSM-7) or 70/67 (UCS-2). */
  perSegment: number;
}

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';
const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

export function smsSegments(text: string): SmsLength {
  const chars = [...text];
  const gsm = chars.every((ch) => BASIC.has(ch) || EXTENSION.has(ch));
  // Units of each character; a unit group never splits across two parts (escape pairs, surrogate pairs).
  const units = chars.map((ch) => (gsm ? (EXTENSION.has(ch) ? 2 : 1) : ch.length));
  const characters = units.reduce((a, b) => a + b, 0);
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  if (characters <= single) return { encoding: gsm ? 'GSM-7' : 'UCS-2', characters, segments: characters === 0 ? 0 : 1, perSegment: single };
  let segments = 1;
  let used = 0;
  for (const u of units) {
    if (used + u > multi) {
      segments += 1;
      used = 0;
    }
    used += u;
  }
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', characters, segments, perSegment: multi };
}
