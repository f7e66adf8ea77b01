import { Liquid, Tag, type Template } from 'liquidjs';
import { formatDate, formatRub, pluralize } from './format';
import { templateVariables, type MessageContext } from './variables';

export { templateVariables, templateFilters, type MessageContext, type TemplateVariable } from './variables';

export interface RenderOptions {
  timezone: string;
  lang?: 'ru' | 'en';
}

/** A template that cannot be parsed; `validateScenario` reports these before a scenario can be published. */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

/** A template that parses but cannot be rendered, e.g. a loop over a huge range hitting the memory limit. */
export class TemplateRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}

const engines = new Map<string, Liquid>();

/** One engine per time zone and language: the `date`, `rub`, `plural` filters close over them. */
function engine(timezone: string, lang: 'ru' | 'en'): Liquid {
  const key = `${timezone}|${lang}`;
  let liquid = engines.get(key);
  if (!liquid) {
    liquid = new Liquid({
      // No file system: `include`/`render`/`layout` can only see this empty set, never files on the server.
      templates: {},
      strictFilters: true,
      strictVariables: false,
      ownPropertyOnly: true,
      // Bounds a runaway `{% for %}` without a time limit, which would make rendering nondeterministic.
      memoryLimit: 5_000_000,
      parseLimit: 100_000,
    });
    // Messages are self-contained: other files cannot be pulled in, so these tags fail at parse time, in validation.
    for (const name of ['include', 'render', 'layout']) {
      liquid.registerTag(
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
    liquid.registerFilter('date', (value: unknown, format?: unknown) =>
      formatDate(value, typeof format === 'string' ? format : '%d.%m.%Y', timezone, lang),
    );
    liquid.registerFilter('rub', (value: unknown) => formatRub(value, lang));
    liquid.registerFilter('plural', (value: unknown, ...forms: unknown[]) => pluralize(value, forms.map(String), lang));
    liquid.registerFilter('points', (value: unknown) =>
      pluralize(value, lang === 'ru' ? ['балл', 'балла', 'баллов'] : ['point', 'points'], lang),
    );
    engines.set(key, liquid);
  }
  return liquid;
}

const parsed = new Map<string, Template[]>();

/** Parsed templates are bound to their engine's filters (so to its time zone): cache per engine. */
function parse(template: string, timezone = 'UTC', lang: 'ru' | 'en' = 'ru'): Template[] {
  const key = `${timezone}|${lang}|${template}`;
  let templates = parsed.get(key);
  if (!templates) {
    try {
      templates = engine(timezone, lang).parse(template);
    } catch (error) {
      throw syntaxError(error);
    }
    if (parsed.size >= 1000) parsed.delete(parsed.keys().next().value as string);
    parsed.set(key, templates);
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
 * Throws `TemplateSyntaxError` for a template that does not parse (validation rejects those) and
 * `TemplateRenderError` for one that exceeds the rendering limits.
 */
export function renderTemplate(template: string, context: MessageContext, options: RenderOptions): string {
  const lang = options.lang ?? 'ru';
  const liquid = engine(options.timezone, lang);
  try {
    return liquid.renderSync(parse(template, options.timezone, lang), context as unknown as Record<string, unknown>);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw error;
    throw new TemplateRenderError(String((error as Error).message ?? error));
  }
}

export interface TemplateCheck {
  /** A parse error for people, with the line when known; null when the template parses. */
  error: { ru: string; en: string } | null;
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
  for (const segments of engine('UTC', 'ru').globalVariableSegmentsSync(templates)) {
    const path = segments.map(String).join('.');
    variables.add(path);
    const root = String(segments[0]);
    if (!KNOWN_ROOTS.has(root)) unknown.add(path);
    else if (segments.length >= 2 && !KNOWN.has(`${root}.${String(segments[1])}`)) unknown.add(`${root}.${String(segments[1])}`);
  }
  return { error: null, unknownVariables: [...unknown], variables: [...variables] };
}
