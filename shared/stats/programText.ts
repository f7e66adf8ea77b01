import { formatAmount, formatFixed, formatNumber } from '../i18n/format';
import type { Lang } from '../i18n/text';
import { MIN_CONTROL_CUSTOMERS, MIN_RETURNS, type ProgramComparison } from './program';

/** What is compared with the control group: the whole program, or one scenario by name. */
export type ProgramSubject = { program: true } | { program: false; name: string };

const pct = (x: number, lang: Lang) => formatFixed(x * 100, lang, 1);
const signed = (x: number, lang: Lang) => `${x >= 0 ? '+' : '−'}${pct(Math.abs(x), lang)}`;
const rub = (x: number, lang: Lang) => `${x < 0 ? '−' : ''}${formatAmount(Math.round(Math.abs(x)), lang)}\u00a0₽`;
const int = (x: number, lang: Lang) => formatNumber(Math.round(x), lang);

/**
 * The comparison in plain words for a marketer, e.g. «Программа возвращает больше клиентов, чем контрольная группа:
 * 20,0 % против 10,0 % (+10,0 п.п., 95 % ДИ +8,0…+12,0). Это ≈ 400 дополнительных возвратов …».
 */
export function programVerdictText(subject: ProgramSubject, c: ProgramComparison, counts: { control: number }, lang: Lang): string {
  const ru = lang === 'ru';
  const who = subject.program ? (ru ? 'Программа' : 'The program') : ru ? `Сценарий «${subject.name}»` : `Scenario "${subject.name}"`;
  const shares =
    c.treatedShare !== null && c.controlShare !== null
      ? ru
        ? `${pct(c.treatedShare, lang)} % против ${pct(c.controlShare, lang)} %`
        : `${pct(c.treatedShare, lang)}% vs ${pct(c.controlShare, lang)}%`
      : '';
  const ci = c.differenceCi
    ? ru
      ? `95 % ДИ ${signed(c.differenceCi.low, lang)}…${signed(c.differenceCi.high, lang)}`
      : `95% CI ${signed(c.differenceCi.low, lang)}…${signed(c.differenceCi.high, lang)}`
    : '';
  const diff = c.difference !== null ? `${signed(c.difference, lang)} ${ru ? 'п.п.' : 'pp'}${ci ? `, ${ci}` : ''}` : '';
  switch (c.verdict) {
    case 'no_control_group':
      return ru
        ? 'Глобальная контрольная группа выключена: сравнивать не с чем. Включите её в политике коммуникаций (например, 5 % клиентов).'
        : 'The global control group is off: there is nothing to compare with. Turn it on in the communication policy (e.g. 5% of customers).';
    case 'better': {
      const extra = [
        c.incrementalReturns !== null ? (ru ? `≈ ${int(c.incrementalReturns, lang)} дополнительных возвратов` : `≈ ${int(c.incrementalReturns, lang)} extra returns`) : null,
        c.incrementalRevenue !== null && c.revenueDifferenceCi && c.revenueDifferenceCi.low > 0
          ? ru
            ? `≈ ${rub(c.incrementalRevenue, lang)} дополнительной выручки`
            : `≈ ${rub(c.incrementalRevenue, lang)} of extra revenue`
          : null,
      ].filter(Boolean);
      const cost =
        c.costPerIncrementalReturn !== null
          ? ru
            ? ` Один дополнительный возврат обходится в ${rub(c.costPerIncrementalReturn, lang)}.`
            : ` One extra return costs ${rub(c.costPerIncrementalReturn, lang)}.`
          : '';
      return ru
        ? `${who} возвращает больше клиентов, чем контрольная группа: ${shares} (${diff}). Это ${extra.join(' и ')}.${cost}`
        : `${who} brings back more customers than the control group: ${shares} (${diff}). That is ${extra.join(' and ')}.${cost}`;
    }
    case 'worse':
      return ru
        ? `Клиенты контрольной группы без сообщений возвращаются чаще: ${shares} (${diff}). Проверьте, не отталкивают ли сообщения.`
        : `Control customers, who got nothing, return more often: ${shares} (${diff}). Check whether the messages put customers off.`;
    case 'no_difference':
      return ru
        ? `Разницы с контрольной группой не видно: ${shares} (${diff}), хотя данных уже достаточно, чтобы заметить прирост. Клиенты без сообщений возвращаются так же.`
        : `No difference from the control group: ${shares} (${diff}), with enough data to see an uplift. Customers without messages return just as often.`;
    case 'not_enough_data': {
      const need =
        c.stillNeeded !== null && c.stillNeeded > 0
          ? ru
            ? ` Нужно ещё ~${int(c.stillNeeded, lang)} клиентов в контрольной группе (сейчас ${int(counts.control, lang)}).`
            : ` About ${int(c.stillNeeded, lang)} more control-group customers are needed (now ${int(counts.control, lang)}).`
          : ru
            ? ` Нужно хотя бы ${MIN_CONTROL_CUSTOMERS} клиентов в контрольной группе и ${MIN_RETURNS} возвратов в обеих группах.`
            : ` At least ${MIN_CONTROL_CUSTOMERS} control-group customers and ${MIN_RETURNS} returns in both groups are needed.`;
      return ru ? `Недостаточно данных, чтобы сказать, работает ли ${subject.program ? 'программа' : 'сценарий'}.${need}` : `Not enough data yet to tell whether the ${subject.program ? 'program' : 'scenario'} works.${need}`;
    }
  }
}
