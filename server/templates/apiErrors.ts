import { ApiError } from '../api/errors';
import { TemplatePoolBusyError, TemplateTimeoutError, UnsendableDataError } from './pool';

/**
 * Runs template work for a request: a full pool answers 503 (try again shortly), a job the pool had to stop
 * answers 422 (the document itself is too heavy), a document too deeply nested to hand to a worker 400. Other
 * errors pass through.
 */
export async function templateWork<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof TemplatePoolBusyError) throw new ApiError(503, 'templates_busy', error.text, undefined, { 'Retry-After': '2' });
    if (error instanceof TemplateTimeoutError) {
      throw new ApiError(422, 'template_too_slow', { ru: `Тексты сценария не проверить: ${error.text.ru}. Упростите шаблоны`, en: `The scenario's texts cannot be checked: ${error.text.en}. Simplify the templates` });
    }
    if (error instanceof UnsendableDataError) {
      throw new ApiError(400, 'document_too_deep', { ru: 'Документ вложен слишком глубоко, чтобы его проверить', en: 'The document is nested too deeply to be checked' });
    }
    throw error;
  }
}
