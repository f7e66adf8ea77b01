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

/** A template that parses but cannot be rendered for this data. */
export class TemplateRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}
