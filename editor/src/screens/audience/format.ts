/** Roubles with kopecks only when there are any: «17,5 ₽», «1 200 ₽». */
export function rub(n: number): string {
  return `${new Intl.NumberFormat('ru-RU', { maximumFractionDigits: n < 10 ? 2 : 0 }).format(n)} ₽`;
}

/** Expected counts are fractional after A/B shares; people are whole. */
export function count(n: number): string {
  return new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 }).format(Math.round(n));
}
