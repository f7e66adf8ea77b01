import { formatNumber } from '../templates/format';
import { DOCUMENT_TEMPLATE_LIMITS, DOCUMENT_TEMPLATE_SOURCE_LIMIT, TEMPLATE_LIMITS, TemplateBudget, TemplateBudgetError, worstCaseContext } from '../templates/budget';
import { checkTemplate, renderTemplate, type MessageContext, type TemplateCheck } from '../templates/render';
import type { About, Add, NodeInfo } from './validateContext';

// Part of validateScenario (./validate.ts): the Liquid texts of messages and tasks — syntax, unknown variables, and
// the work rendering them takes, within one budget per text and one per document.

/**
 * The texts of one document, each checked once: syntax and variables, then a rendering for the worst-case customer
 * within the template budget. All texts together share a budget too, and only so much Liquid is parsed per
 * document, so validating even a hostile document stays cheap (it runs on every save, load and publish).
 */
export class TextChecks {
  private readonly checks = new Map<string, TemplateCheck>();
  private readonly rendered = new Map<string, TemplateBudgetError | null>();
  private readonly budget = new TemplateBudget(DOCUMENT_TEMPLATE_LIMITS, null, 'document');
  private readonly context: MessageContext;
  private source = 0;
  private tooLongReported = false;
  /** The shared budget ran out (reported on the text where it did); later texts are not rendered. */
  private exhausted = false;

  constructor(
    scenarioName: string,
    private readonly timezone: string,
  ) {
    this.context = worstCaseContext(scenarioName);
  }

  /** Syntax and variables; null when the document's texts are already too long to parse this one. */
  check(text: string): TemplateCheck | null {
    let check = this.checks.get(text);
    if (!check) {
      if (this.source + text.length > DOCUMENT_TEMPLATE_SOURCE_LIMIT) return null;
      this.source += text.length;
      check = checkTemplate(text);
      this.checks.set(text, check);
    }
    return check;
  }

  /** True for the first text over the document's source limit only: that one is reported, the rest skipped quietly. */
  reportTooLong(): boolean {
    const first = !this.tooLongReported;
    this.tooLongReported = true;
    return first;
  }

  /** The limit rendering the text for the worst-case customer runs into; null within the budget or not rendered. */
  render(text: string): TemplateBudgetError | null {
    if (this.exhausted) return null;
    let over = this.rendered.get(text);
    if (over === undefined) {
      over = null;
      try {
        renderTemplate(text, this.context, { timezone: this.timezone, budget: new TemplateBudget(TEMPLATE_LIMITS, this.budget) });
      } catch (error) {
        // Other render errors depend on the customer's data: at send time they fail that one message, with the reason.
        if (error instanceof TemplateBudgetError) over = error;
      }
      if (over?.scope === 'document') this.exhausted = true;
      this.rendered.set(text, over);
    }
    return over;
  }
}

/** Problems of one text (a message's text or subject, a task's text) of `node`. */
export function checkText(node: NodeInfo, text: string, field: string, texts: TextChecks, add: Add, about: About): void {
  const path = `nodes[${node.index}].config${field}`;
  const what = field === '.subject' ? { ru: 'тема письма', en: 'subject' } : { ru: 'текст', en: 'text' };
  const check = texts.check(text);
  if (!check) {
    if (texts.reportTooLong()) {
      const max = { ru: formatNumber(DOCUMENT_TEMPLATE_SOURCE_LIMIT, 'ru'), en: formatNumber(DOCUMENT_TEMPLATE_SOURCE_LIMIT, 'en') };
      add('error', 'template.budget', {
        nodeId: node.id,
        path,
        message: about(
          node,
          `тексты сценария вместе длиннее ${max.ru} символов, дальше они не проверяются. Сократите тексты`,
          `the scenario's texts together are longer than ${max.en} characters, so the rest are not checked. Shorten them`,
        ),
      });
    }
    return;
  }
  if (check.error) {
    add('error', 'template.syntax', { nodeId: node.id, path, message: about(node, `${what.ru}: ${check.error.ru}`, `${what.en}: ${check.error.en}`) });
    return;
  }
  for (const variable of check.unknownVariables) {
    add('warning', 'template.unknownVariable', {
      nodeId: node.id,
      path,
      message: about(node, `${what.ru}: переменной {{ ${variable} }} нет, на её месте будет пусто`, `${what.en}: there is no variable {{ ${variable} }}; it renders empty`),
    });
  }
  const over = texts.render(text);
  if (over) {
    const message =
      over.scope === 'document'
        ? about(node, `тексты сценария вместе делают слишком много работы: ${over.text.ru}. Упростите шаблоны`, `the scenario's texts together do too much work: ${over.text.en}. Simplify the templates`)
        : about(node, `${what.ru} делает слишком много работы: ${over.text.ru}. Упростите шаблон`, `the ${what.en} does too much work: ${over.text.en}. Simplify the template`);
    add('error', 'template.budget', { nodeId: node.id, path, message });
  }
}

