import type { Lang, Text } from '../i18n/text';
import { Context, defaultOperators, Drop, ForTag, Liquid, TablerowTag, Tag, toValue, type Emitter, type FilterImplOptions, type Operators, type Template } from 'liquidjs';
import { TemplateBudget, TemplateBudgetError } from './budget';
import { TemplateRenderError, TemplateSyntaxError } from './errors';
import { formatDate, formatRub, pluralize } from './format';
import { templateVariables, type MessageContext } from './variables';

export { templateVariables, templateFilters, type MessageContext, type TemplateVariable } from './variables';
export { TemplateRenderError, TemplateSyntaxError } from './errors';
export { TEMPLATE_LIMITS, TemplateBudget, TemplateBudgetError, type TemplateLimits } from './budget';

export interface RenderOptions {
  timezone: string;
  lang?: Lang;
  /** The work this rendering may do; default: a fresh budget of `TEMPLATE_LIMITS`. */
  budget?: TemplateBudget;
}

type Limiter = NonNullable<ConstructorParameters<typeof Context>[3]>['memoryLimit'];
type FilterHandler = Extract<FilterImplOptions, (...args: never[]) => unknown>;

/** Where the `date`, `rub`, `plural` and `points` filters find the time zone and language of this rendering. */
const FORMAT = 'comeback.format';
interface Format {
  timezone: string;
  lang: Lang;
}
const formatOf = (ctx: Context) => ctx.getRegister(FORMAT) as Format;
const budgetOf = (ctx: Context) => ctx.memoryLimit as unknown as TemplateBudget;

/**
 * Size of a value for the budget: characters of strings, items of arrays and objects with their contents, counted
 * only up to `cap` (so measuring never costs more than the budget it checks).
 */
function sizeOf(value: unknown, cap: number, depth = 0): number {
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value !== 'object' || value instanceof Drop || value instanceof Date || depth > 3) return 1;
  let size = 1;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    if (size > cap) break;
    size += sizeOf(item, cap - size, depth + 1);
  }
  return size;
}

/** An invisible first node of a loop body: each pass through the loop counts against the rendering's budget. */
const loopPass = (token: Template['token']): Template => ({
  token,
  render: (ctx: Context) => budgetOf(ctx).spend('iterations', 1),
});

/** Where rendered text goes: every character written (the text, and each `{% capture %}`) counts as output. */
class CountedEmitter implements Emitter {
  buffer = '';

  constructor(private readonly budget: TemplateBudget) {}

  write(value: unknown): void {
    const piece = toValue(value);
    if (Array.isArray(piece)) {
      for (const item of piece) this.write(item);
      return;
    }
    const text = typeof piece === 'string' ? piece : piece === null || piece === undefined ? '' : String(piece);
    this.budget.spend('output', text.length);
    this.buffer += text;
  }
}

/** Items of an array or object: filters and comparisons that walk them cost about a step per item. */
const itemsOf = (value: unknown) =>
  Array.isArray(value) ? value.length : value !== null && typeof value === 'object' && !(value instanceof Drop) && !(value instanceof Date) ? Object.keys(value).length : 0;

/** Filters that cost many steps per call: date arithmetic in a time zone takes as long as a dozen tags. */
const HEAVY_FILTERS: Readonly<Record<string, number>> = { date: 10, date_to_xmlschema: 10, date_to_rfc822: 10, date_to_string: 10, date_to_long_string: 10 };

/**
 * A filter counted against the budget: a step per call (more for heavy ones) and per item of the collection it
 * walks (`sort`, `where_exp`, `uniq`…), and its result by whole size as memory (an array of copies of a long text too).
 */
function counted(name: string, impl: FilterImplOptions): FilterImplOptions {
  const steps = HEAVY_FILTERS[name] ?? 1;
  const handler: FilterHandler = typeof impl === 'function' ? impl : impl.handler;
  const charge = (ctx: Context, result: unknown) => {
    const budget = budgetOf(ctx);
    budget.spend('memory', sizeOf(result, budget.room('memory')));
    return result;
  };
  const wrapped: FilterHandler = function (value, ...args) {
    budgetOf(this.context).spend('steps', steps + itemsOf(value));
    const result = handler.call(this, value, ...args);
    // Some LiquidJS filters are generators the renderer runs; charge what they finally return.
    if (result && typeof result === 'object' && typeof (result as Generator).next === 'function' && typeof (result as Generator).throw === 'function') {
      const context = this.context;
      return (function* () {
        return charge(context, yield result);
      })();
    }
    return charge(this.context, result);
  };
  return typeof impl === 'function' ? wrapped : { ...impl, handler: wrapped };
}

/** Comparisons cost as much as what they compare (`contains` on a long text or a list, in a loop, adds up). */
const countedOperators: Operators = Object.fromEntries(
  Object.entries(defaultOperators).map(([name, op]) => [
    name,
    ['==', '!=', '>', '<', '>=', '<=', 'contains'].includes(name)
      ? function* (l: unknown, r: unknown, ctx: Context) {
          const budget = budgetOf(ctx);
          budget.spend('steps', 1 + itemsOf(l) + itemsOf(r));
          budget.spend('memory', sizeOf(l, budget.room('memory')) + sizeOf(r, budget.room('memory')));
          return (yield (op as (l: unknown, r: unknown, ctx: Context) => unknown)(l, r, ctx)) as boolean;
        }
      : op,
  ]),
);

let liquid: Liquid | null = null;

/** The one LiquidJS engine: message filters, no file access, and every rendering counted against its budget. */
function engine(): Liquid {
  if (liquid) return liquid;
  const l = new Liquid({
    // No file system: `include`/`render`/`layout` can only see this empty set, never files on the server.
    templates: {},
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    operators: countedOperators,
    parseLimit: 100_000,
  });
  // Messages are self-contained: other files cannot be pulled in, so these tags fail at parse time, in validation.
  for (const name of ['include', 'render', 'layout']) {
    l.registerTag(
      name,
      class extends Tag {
        constructor(...args: ConstructorParameters<typeof Tag>) {
          super(...args);
          throw new Error(`tag "${name}" is not supported in messages`);
        }
        *render(): Generator<unknown, void, unknown> {}
      },
    );
  }
  l.registerTag(
    'for',
    class extends ForTag {
      constructor(...args: ConstructorParameters<typeof ForTag>) {
        super(...args);
        this.templates.unshift(loopPass(this.token));
      }
    },
  );
  l.registerTag(
    'tablerow',
    class extends TablerowTag {
      constructor(...args: ConstructorParameters<typeof TablerowTag>) {
        super(...args);
        this.templates.unshift(loopPass(this.token));
      }
    },
  );
  l.registerFilter('date', function (value: unknown, format?: unknown) {
    const { timezone, lang } = formatOf(this.context);
    return formatDate(value, typeof format === 'string' ? format : '%d.%m.%Y', timezone, lang);
  });
  l.registerFilter('rub', function (value: unknown) {
    return formatRub(value, formatOf(this.context).lang);
  });
  l.registerFilter('plural', function (value: unknown, ...forms: unknown[]) {
    return pluralize(value, forms.map(String), formatOf(this.context).lang);
  });
  l.registerFilter('points', function (value: unknown) {
    const { lang } = formatOf(this.context);
    return pluralize(value, lang === 'ru' ? ['балл', 'балла', 'баллов'] : ['point', 'points'], lang);
  });
  for (const [name, impl] of Object.entries(l.filters)) l.filters[name] = counted(name, impl);
  // A block rendered without an emitter of its own (the text itself, a capture) writes through a counted one.
  const renderTemplates = l.renderer.renderTemplates.bind(l.renderer);
  l.renderer.renderTemplates = (templates, ctx, emitter) => renderTemplates(templates, ctx, emitter ?? new CountedEmitter(budgetOf(ctx)));
  liquid = l;
  return l;
}

const parsed = new Map<string, Template[]>();
let parsedChars = 0;
/** Parsed templates kept for re-use (the same text renders for every customer), by total length of their source. */
const PARSED_CACHE_CHARS = 1_000_000;

function parse(template: string): Template[] {
  let templates = parsed.get(template);
  if (!templates) {
    try {
      templates = engine().parse(template);
    } catch (error) {
      throw syntaxError(error);
    }
    for (const old of parsed.keys()) {
      if (parsedChars + template.length <= PARSED_CACHE_CHARS) break;
      parsed.delete(old);
      parsedChars -= old.length;
    }
    parsed.set(template, templates);
    parsedChars += template.length;
  }
  return templates;
}

function syntaxError(error: unknown): TemplateSyntaxError {
  const e = error as { message?: string; token?: { getPosition?: () => [number, number] } };
  const position = e.token?.getPosition?.();
  const message = String(e.message ?? error).replace(/, line:\d+, col:\d+$/, '');
  return new TemplateSyntaxError(message, position ? position[0] : null);
}

/**
 * Renders a message text. Missing variables render empty; `date` prints in `options.timezone`.
 * Throws `TemplateSyntaxError` for a template that does not parse (validation rejects those),
 * `TemplateBudgetError` for one that needs more work than `options.budget` allows, and `TemplateRenderError` for
 * any other failure.
 */
export function renderTemplate(template: string, context: MessageContext, options: RenderOptions): string {
  const liquid = engine();
  const templates = parse(template);
  const budget = options.budget ?? new TemplateBudget();
  const limiter = budget as unknown as Limiter;
  const ctx = new Context(context, liquid.options, { sync: true }, { memoryLimit: limiter, renderLimit: limiter, liquid });
  ctx.setRegister(FORMAT, { timezone: options.timezone, lang: options.lang ?? 'ru' } satisfies Format);
  let text: string;
  try {
    text = liquid.renderSync(templates, ctx);
  } catch (error) {
    throw budget.exceeded ?? (error instanceof TemplateBudgetError ? error : new TemplateRenderError(String((error as Error).message ?? error)));
  }
  // A filter that swallowed the budget's error cannot make an over-budget rendering pass.
  if (budget.exceeded) throw budget.exceeded;
  return text;
}

export interface TemplateCheck {
  /** A parse error for people, with the line when known; null when the template parses. */
  error: Text | null;
  /** Variables the template uses that a message never has, e.g. `customer.nmae`. */
  unknownVariables: string[];
  /** Every variable path the template reads, e.g. `bonus.expiresAt`. */
  variables: string[];
}

const KNOWN = new Set(templateVariables.map((v) => v.name));
const KNOWN_ROOTS = new Set(templateVariables.map((v) => v.name.split('.')[0]));

/** Checks a template without rendering it: syntax (unknown filters included) and variables that do not exist. */
export function checkTemplate(template: string): TemplateCheck {
  let templates: Template[];
  try {
    templates = parse(template);
  } catch (error) {
    const e = error as TemplateSyntaxError;
    const where = e.line ? { ru: `строка ${e.line}: `, en: `line ${e.line}: ` } : { ru: '', en: '' };
    return {
      error: { ru: `ошибка в шаблоне текста (${where.ru}${e.message})`, en: `template error (${where.en}${e.message})` },
      unknownVariables: [],
      variables: [],
    };
  }
  const unknown = new Set<string>();
  const variables = new Set<string>();
  for (const segments of engine().globalVariableSegmentsSync(templates)) {
    const path = segments.map(String).join('.');
    variables.add(path);
    const root = String(segments[0]);
    if (!KNOWN_ROOTS.has(root)) unknown.add(path);
    else if (segments.length >= 2 && !KNOWN.has(`${root}.${String(segments[1])}`)) unknown.add(`${root}.${String(segments[1])}`);
  }
  return { error: null, unknownVariables: [...unknown], variables: [...variables] };
}
