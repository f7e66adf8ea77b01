import type { Text } from '../i18n/text';
import { TemplateRenderError } from './errors';
import { formatNumber } from './format';
import type { MessageContext } from './variables';

/**
 * How much work one rendering of a message text may do. Everything but `ms` is counted, not timed, so the same
 * template and data render or fail the same way on any machine; `ms` is a backstop for work nothing here counts.
 */
export interface TemplateLimits {
  /** Passes through loop bodies (`for`, `tablerow`), nested loops included: 400 × 400 passes are 160 000. */
  iterations: number;
  /** Pieces executed (text, `{{ … }}`, tags, one per loop pass), filter calls and comparisons, and the items they walk. */
  steps: number;
  /** Characters written: the text itself and everything `{% capture %}` collects. */
  output: number;
  /** Characters and items that filters, ranges and comparisons handle and produce. */
  memory: number;
  /** Wall-clock backstop, in milliseconds. */
  ms: number;
}

export type TemplateLimit = keyof TemplateLimits;
type Counted = Exclude<TemplateLimit, 'ms'>;

/** One message text. A normal message takes a few dozen steps; these bounds keep the worst case to milliseconds. */
export const TEMPLATE_LIMITS: TemplateLimits = { iterations: 1_000, steps: 5_000, output: 20_000, memory: 100_000, ms: 500 };

/** All texts of one scenario together, as validation renders them: a document of many heavy texts stays cheap too. */
export const DOCUMENT_TEMPLATE_LIMITS: TemplateLimits = { iterations: 2_000, steps: 20_000, output: 1_000_000, memory: 500_000, ms: 1_000 };

/** Characters of Liquid that validation parses per document (a 4096-character text takes up to a few ms to parse). */
export const DOCUMENT_TEMPLATE_SOURCE_LIMIT = 200_000;

/** What a text ran into, for people. */
function limitText(limit: TemplateLimit, max: number): Text {
  const ru = formatNumber(max, 'ru');
  const en = formatNumber(max, 'en');
  switch (limit) {
    case 'iterations':
      return { ru: `циклы выполняются больше ${ru} раз`, en: `loops run more than ${en} times` };
    case 'steps':
      return { ru: `больше ${ru} шагов (вставок, условий, фильтров и проходов циклов)`, en: `more than ${en} steps (insertions, conditions, filters and loop passes)` };
    case 'output':
      return { ru: `получается больше ${ru} символов текста`, en: `it produces more than ${en} characters` };
    case 'memory':
      return { ru: `фильтры и диапазоны обрабатывают больше ${ru} символов`, en: `filters and ranges handle more than ${en} characters` };
    case 'ms':
      return { ru: `обработка идёт дольше ${ru} мс`, en: `rendering takes longer than ${en} ms` };
  }
}

/** A template that needs more work than its budget allows; the same template and data fail the same way every time. */
export class TemplateBudgetError extends TemplateRenderError {
  readonly text: Text;

  constructor(
    readonly limit: TemplateLimit,
    readonly max: number,
    /** `document` when the texts of a whole scenario ran out together (validation), `text` for one text. */
    readonly scope: 'text' | 'document' = 'text',
  ) {
    const text = limitText(limit, max);
    super(`template budget exceeded: ${text.en}`);
    this.name = 'TemplateBudgetError';
    this.text = text;
  }
}

/**
 * The work one rendering has done, checked against its limits on every charge. `within` is a shared budget that
 * is charged too (validation: all texts of a document). Also speaks LiquidJS's limiter protocol, so it is the
 * render context's `memoryLimit` (`use`: filters and ranges) and `renderLimit` (`check`: before every node).
 */
export class TemplateBudget {
  private readonly used: Record<Counted, number> = { iterations: 0, steps: 0, output: 0, memory: 0 };
  private readonly deadline: number;
  /** The first limit this budget or the one it is within ran into; kept because LiquidJS wraps what it throws. */
  exceeded: TemplateBudgetError | null = null;

  constructor(
    readonly limits: TemplateLimits = TEMPLATE_LIMITS,
    private readonly within: TemplateBudget | null = null,
    private readonly scope: 'text' | 'document' = 'text',
  ) {
    this.deadline = performance.now() + limits.ms;
  }

  spend(what: Counted, amount: number): void {
    try {
      this.within?.spend(what, amount);
    } catch (error) {
      this.exceeded ??= this.within!.exceeded;
      throw error;
    }
    this.used[what] += amount;
    if (this.used[what] > this.limits[what]) this.fail(what);
  }

  /** How much of `what` may still be spent before this budget runs out. */
  room(what: Counted): number {
    const own = this.limits[what] - this.used[what];
    return this.within ? Math.min(own, this.within.room(what)) : own;
  }

  /** One piece of the template executed; also where the clock is looked at. */
  step(): void {
    this.spend('steps', 1);
    this.checkClock();
  }

  private checkClock(): void {
    try {
      this.within?.checkClock();
    } catch (error) {
      this.exceeded ??= this.within!.exceeded;
      throw error;
    }
    if (performance.now() > this.deadline) this.fail('ms');
  }

  private fail(limit: TemplateLimit): never {
    this.exceeded ??= new TemplateBudgetError(limit, this.limits[limit], this.scope);
    throw this.exceeded;
  }

  /** LiquidJS `memoryLimit.use(count)`: a filter or range is about to handle `count` characters or items. */
  use(count: number): void {
    if (+count > 0) this.spend('memory', +count);
  }

  /** LiquidJS `renderLimit.check(now)`: called before every node it renders and at the start of every block. */
  check(): void {
    this.step();
  }
}

const longWords = (words: string, length: number) => words.repeat(Math.ceil(length / words.length)).slice(0, length).trim();

/**
 * The customer validation renders every text for: the longest values a customer record may hold (name 200
 * characters, city and category 100) and large numbers. A text that fits the budget for this customer fits it for
 * practically every real one; a message that still runs over at send time fails alone, with the reason.
 */
export function worstCaseContext(scenarioName: string): MessageContext {
  const name = longWords('Александра-Виктория Константиновна Преображенская-Заозёрская ', 200);
  return {
    customer: {
      id: 'C-'.padEnd(100, '0'),
      name,
      firstName: name.split(' ')[0],
      city: longWords('Санкт-Петербург Ленинградская область ', 100),
      bonusBalance: 1_000_000,
      favoriteCategory: longWords('Кофе и десерты собственного производства ', 100),
      orderCount: 10_000,
    },
    bonus: { points: 1_000_000, expiresAt: '2030-12-31T20:59:59.000Z' },
    scenario: { name: scenarioName },
  };
}
