/**
 * Normalises a Russian phone number to +7XXXXXXXXXX. Accepts what people and cash registers type:
 * "8 (912) 345-67-89", "+7 912 345 67 89", "79123456789", "9123456789". Returns null for anything else,
 * including foreign numbers: the SMS gateway is Russian and the shop's customers are local.
 */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\+?[\d\s()\-.]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length === 11 && (digits[0] === '7' || (digits[0] === '8' && !trimmed.startsWith('+')))) return `+7${digits.slice(1)}`;
  if (digits.length === 10 && !trimmed.startsWith('+')) return `+7${digits}`;
  return null;
}
