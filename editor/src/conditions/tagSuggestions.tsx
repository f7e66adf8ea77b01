import { useEffect, useState } from 'react';
import type { TagList } from '../../../shared/api/customers';
import { api } from '../api/http';
import { useT } from '../i18n';

let cached: Promise<TagList['tags']> | null = null;

/** The shop's tags in use (GET /api/tags), asked once per page load; none when the server cannot say. */
export function useTagSuggestions(): TagList['tags'] {
  const [tags, setTags] = useState<TagList['tags']>([]);
  useEffect(() => {
    let live = true;
    cached ??= api<TagList>('GET', '/api/tags?limit=200')
      .then((r) => r.tags)
      .catch(() => {
        cached = null;
        return [];
      });
    void cached.then((list) => live && setTags(list));
    return () => {
      live = false;
    };
  }, []);
  return tags;
}

/** A <datalist> of the tags in use, for inputs with `list={id}`. */
export function TagDatalist({ id }: { id: string }) {
  const { t } = useT();
  const tags = useTagSuggestions();
  return (
    <datalist id={id}>
      {tags.map((s) => (
        <option key={s.tag} value={s.tag}>
          {t('form.update.customers', { n: s.customers })}
        </option>
      ))}
    </datalist>
  );
}
