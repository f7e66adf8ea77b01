import type { Text } from '../i18n/text';

/**
 * A customer's tags and attributes: labels and small facts that scenarios, integrations and imports put on a
 * customer («звонили», `level = "gold"`), for conditions and segments to test. No zod here: the workflow bundle uses
 * these rules (the `updateCustomer` step, the filter step) and must not carry zod.
 */

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

export const PROFILE_LIMITS = {
  /** Characters in one tag. */
  tagLength: 60,
  /** Tags one customer may carry. */
  tagsPerCustomer: 100,
  /** Attributes one customer may carry. */
  attributesPerCustomer: 50,
  /** Characters in an attribute's key. */
  keyLength: 40,
  /** Characters in an attribute's text value. */
  textLength: 200,
} as const;

/**
 * An attribute key: a letter (Latin or Cyrillic), then letters, digits and `_`, at most 40 in all. Keys become
 * condition fields (`attributes.<key>`), so neither dots nor spaces.
 */
export const ATTRIBUTE_KEY_PATTERN = /^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё0-9_]{0,39}$/;

/** A tag as stored: trimmed, inner runs of white space as one space. Case is kept: «VIP» and «vip» differ. */
export function normalizeTag(tag: string): string {
  return tag.trim().replace(/\s+/g, ' ');
}

/** Why a tag (as written) cannot be stored, or null when it can. */
export function tagProblem(tag: string): Text | null {
  const t = normalizeTag(tag);
  if (t.length === 0) return { ru: 'тег пустой', en: 'the tag is empty' };
  if (t.length > PROFILE_LIMITS.tagLength) {
    return { ru: `тег «${t.slice(0, 20)}…» длиннее ${PROFILE_LIMITS.tagLength} символов`, en: `the tag "${t.slice(0, 20)}…" is longer than ${PROFILE_LIMITS.tagLength} characters` };
  }
  return null;
}

/** Why an attribute key cannot be used, or null when it can. */
export function attributeKeyProblem(key: string): Text | null {
  if (ATTRIBUTE_KEY_PATTERN.test(key)) return null;
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return {
    ru: `ключ атрибута «${shown}» не подходит: начните с буквы, дальше буквы, цифры и _, не длиннее ${PROFILE_LIMITS.keyLength} символов`,
    en: `attribute key "${shown}" is not allowed: a letter first, then letters, digits and _, at most ${PROFILE_LIMITS.keyLength} characters`,
  };
}

/** Why an attribute value cannot be stored, or null when it can. */
export function attributeValueProblem(value: unknown): Text | null {
  if (typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { ru: 'значение — не число', en: 'the value is not a finite number' };
  if (typeof value === 'string') {
    return value.length > PROFILE_LIMITS.textLength
      ? { ru: `текст значения длиннее ${PROFILE_LIMITS.textLength} символов`, en: `the text value is longer than ${PROFILE_LIMITS.textLength} characters` }
      : null;
  }
  return { ru: 'значение должно быть текстом, числом или да/нет', en: 'the value must be a text, a number or true/false' };
}

/** One change an `updateCustomer` node makes. */
export type ProfileAction =
  | { kind: 'addTag'; tag: string }
  | { kind: 'removeTag'; tag: string }
  | { kind: 'setAttribute'; key: string; value: AttributeValue }
  | { kind: 'clearAttribute'; key: string };

export interface Profile {
  tags: string[];
  attributes: Attributes;
}

/** What applying actions did: the changes made, and the actions that changed nothing or were refused, in words. */
export interface ProfileChange {
  profile: Profile;
  /** «добавлен тег «звонили»», one per action that changed something. */
  changed: string[];
  /** «тег «звонили» уже был», one per action that found the customer as asked already. */
  unchanged: string[];
  /** «тег «…» не добавлен: у клиента уже 100 тегов», one per action refused by a limit. */
  refused: string[];
}

/**
 * Applies actions in order to a profile, without touching the input. Every action is idempotent (adding a tag
 * twice, clearing a missing attribute), so applying the same actions to their own result changes nothing; limits
 * refuse what would go over them rather than dropping something else.
 */
export function applyProfileActions(profile: Profile, actions: readonly ProfileAction[]): ProfileChange {
  const tags = [...profile.tags];
  const attributes: Attributes = { ...profile.attributes };
  const changed: string[] = [];
  const unchanged: string[] = [];
  const refused: string[] = [];
  for (const action of actions) {
    const problem = actionProblem(action);
    if (problem) {
      refused.push(`не выполнено: ${problem.ru}`);
      continue;
    }
    switch (action.kind) {
      case 'addTag': {
        const tag = normalizeTag(action.tag);
        if (tags.includes(tag)) unchanged.push(`тег «${tag}» уже был`);
        else if (tags.length >= PROFILE_LIMITS.tagsPerCustomer) refused.push(`тег «${tag}» не добавлен: у клиента уже ${PROFILE_LIMITS.tagsPerCustomer} тегов`);
        else {
          tags.push(tag);
          changed.push(`добавлен тег «${tag}»`);
        }
        break;
      }
      case 'removeTag': {
        const tag = normalizeTag(action.tag);
        const i = tags.indexOf(tag);
        if (i < 0) unchanged.push(`тега «${tag}» не было`);
        else {
          tags.splice(i, 1);
          changed.push(`снят тег «${tag}»`);
        }
        break;
      }
      case 'setAttribute': {
        const { key, value } = action;
        const had = Object.hasOwn(attributes, key);
        const before = attributes[key];
        if (had && before === value) unchanged.push(`атрибут «${key}» уже ${showValue(value)}`);
        else if (!had && Object.keys(attributes).length >= PROFILE_LIMITS.attributesPerCustomer) {
          refused.push(`атрибут «${key}» не записан: у клиента уже ${PROFILE_LIMITS.attributesPerCustomer} атрибутов`);
        } else {
          attributes[key] = value;
          changed.push(`атрибут «${key}» = ${showValue(value)}${had ? ` (было ${showValue(before)})` : ''}`);
        }
        break;
      }
      case 'clearAttribute': {
        const { key } = action;
        if (!Object.hasOwn(attributes, key)) unchanged.push(`атрибута «${key}» не было`);
        else {
          delete attributes[key];
          changed.push(`атрибут «${key}» очищен`);
        }
        break;
      }
    }
  }
  return { profile: { tags, attributes }, changed, unchanged, refused };
}

/** Why an action cannot be applied (a tag too long, a key not allowed, a value too long), or null. */
export function actionProblem(action: ProfileAction): Text | null {
  switch (action.kind) {
    case 'addTag':
    case 'removeTag':
      return tagProblem(action.tag);
    case 'setAttribute':
      return attributeKeyProblem(action.key) ?? attributeValueProblem(action.value);
    case 'clearAttribute':
      return attributeKeyProblem(action.key);
  }
}

/** An attribute value in words: «gold» in quotes, numbers as they are, да/нет. */
export function showValue(value: AttributeValue): string {
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (typeof value === 'number') return String(value);
  return `«${value}»`;
}
