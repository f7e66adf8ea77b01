import { ApiError } from '../api/errors';
import { BatchError } from './batch';

/** A whole-batch problem as the API's error (400 not an array, 413 too many records); other errors pass through. */
export function batchErrorToApi(error: unknown): unknown {
  if (error instanceof BatchError) return new ApiError(error.status, error.code, { ru: error.messageRu, en: error.message });
  return error;
}
