import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z, type ZodError } from 'zod';
import { ErrorBody, type ApiIssue } from '../../shared/api/errors';
import type { Lang, Text } from '../../shared/i18n/text';
import { log, type Logger } from '../infra/log';

/** A message in both product languages; the response carries the one the client prefers (Russian first). */
export type { Text } from '../../shared/i18n/text';

/** One problem with the input: `path` names the exact field, e.g. `customers.3.email`. */
export type Issue = ApiIssue;

/** The body of every error response (shared/api/errors.ts: the editor reads it too). */
export { ErrorBody };

/**
 * Thrown anywhere in a request to answer with `{ error: { code, message, issues? } }` and the given status.
 * Prefer the helpers below (`notFound`, `conflict`, …) so codes stay consistent.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly text: Text,
    readonly issues?: Issue[],
    readonly headers?: Record<string, string>,
  ) {
    super(text.en);
    this.name = 'ApiError';
  }
}

const say = (ru: string, en: string): Text => ({ ru, en });

export const badRequest = (code: string, text: Text, issues?: Issue[]) => new ApiError(400, code, text, issues);
export const unauthenticated = (text = say('Требуется вход в систему', 'Authentication required'), code = 'unauthenticated') =>
  new ApiError(401, code, text);
export const forbidden = (text = say('Недостаточно прав для этого действия', 'You do not have access to this action'), code = 'forbidden') =>
  new ApiError(403, code, text);
export const notFound = (text = say('Не найдено', 'Not found'), code = 'not_found') => new ApiError(404, code, text);
export const conflict = (code: string, text: Text) => new ApiError(409, code, text);
export const unprocessable = (code: string, text: Text, issues?: Issue[]) => new ApiError(422, code, text, issues);
export const tooManyRequests = (text: Text, retryAfterSeconds: number) =>
  new ApiError(429, 'too_many_attempts', text, undefined, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });

/** zod issues as field paths an integrator can act on. */
export function zodIssues(error: ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

export function validationFailed(error: ZodError, target = 'json'): ApiError {
  const where = { json: 'в теле запроса', query: 'в параметрах запроса', param: 'в адресе', header: 'в заголовках' }[target] ?? '';
  const issues = zodIssues(error);
  return badRequest(
    'validation_failed',
    say(`Ошибки ${where}: ${issues.length}. Исправьте поля из списка issues.`, `Invalid ${target === 'json' ? 'request body' : target}: ${issues.length} problem(s), see issues.`),
    issues,
  );
}

/** Russian unless the client clearly prefers English. */
export function preferredLanguage(c: Context): Lang {
  const header = c.req.header('accept-language') ?? '';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ru';
}

export function errorResponse(c: Context, error: ApiError): Response {
  const lang = preferredLanguage(c);
  const body: z.infer<typeof ErrorBody> = { error: { code: error.code, message: error.text[lang] } };
  if (error.issues) body.error.issues = error.issues;
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
  return c.json(body, error.status);
}

/** Framework errors (malformed JSON, wrong media type, body limit) in the same shape as ours. */
function fromHttpException(error: HTTPException): ApiError {
  switch (error.status) {
    case 400:
      return /json/i.test(error.message)
        ? badRequest('invalid_json', say('Тело запроса — не корректный JSON', 'The request body is not valid JSON'))
        : badRequest('bad_request', say('Некорректный запрос', error.message || 'Bad request'));
    case 413:
      return payloadTooLarge();
    case 415:
      return new ApiError(415, 'unsupported_media_type', say('Неподдерживаемый тип содержимого: ожидается application/json', 'Unsupported media type: send application/json'));
    default:
      return new ApiError(error.status as ContentfulStatusCode, 'http_error', say(error.message, error.message));
  }
}

export function payloadTooLarge(limitBytes?: number): ApiError {
  const mb = limitBytes ? ` (${Math.round((limitBytes / 1024 / 1024) * 10) / 10} MB)` : '';
  // The rest of the body is never read, so this connection cannot carry another request: tell the client.
  return new ApiError(413, 'payload_too_large', say(`Слишком большой запрос${mb}`, `Request body too large${mb}`), undefined, { Connection: 'close' });
}

/** An interactive query ran past its statement timeout (server/db/interactive.ts). */
const queryTimedOut = () =>
  new ApiError(
    503,
    'query_timeout',
    say(
      'Запрос выполнялся слишком долго и был остановлен. Сузьте условие или выберите период короче',
      'The query took too long and was stopped. Narrow the condition or choose a shorter period',
    ),
  );

/** PostgreSQL's query_canceled (57014): a statement timeout, or a statement cancelled by an administrator. */
function isQueryCanceled(error: Error): boolean {
  return error.name === 'PostgresError' && (error as Error & { code?: unknown }).code === '57014';
}

/** The app's onError: every failure becomes the JSON error shape; unexpected ones are logged and hidden. */
export function handleError(error: Error, c: Context, logger: Logger = log): Response {
  if (error instanceof ApiError) return errorResponse(c, error);
  if (error instanceof HTTPException) return errorResponse(c, fromHttpException(error));
  if (isQueryCanceled(error)) return errorResponse(c, queryTimedOut());
  logger.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed with an unexpected error');
  return errorResponse(c, new ApiError(500, 'internal_error', say('Внутренняя ошибка сервера', 'Internal server error')));
}
