import { useId } from 'react';
import { ATTRIBUTE_FIELD_PREFIX, CONDITION_FIELDS, type FieldKind } from '../../../shared/conditions/fields';
import { isRule, type Condition, type ConditionOp, type Rule } from '../../../shared/conditions/schema';
import { NumberInput } from '../ui/fields';
import { useT } from '../i18n';
import { AttributeValueInput } from './AttributeValueInput';
import {
  append,
  attributeKeyOfRule,
  changeField,
  changeOp,
  children,
  formatList,
  groupKind,
  newRule,
  parseList,
  removeAt,
  replaceAt,
  ruleField,
  setAttributeKey,
  setGroupKind,
  toggleNot,
  type Path,
} from './builder';
import { TagDatalist } from './tagSuggestions';

/** all/any/not groups of rules over the field catalog, edited in place; every change yields a new condition. */
export function ConditionBuilder({ value, onChange }: { value: Condition; onChange(c: Condition): void }) {
  // The root is always a group so that "add rule" has somewhere to go.
  const root: Condition = isRule(value) || 'not' in value ? { all: [value] } : value;
  return (
    <div className="cond-builder">
      <NodeView root={root} path={[]} onChange={onChange} depth={0} />
    </div>
  );
}

interface ViewProps {
  root: Condition;
  path: Path;
  depth: number;
  onChange(c: Condition): void;
}

function NodeView(props: ViewProps) {
  const { root, path } = props;
  const c = path.reduce<Condition>((n, i) => children(n)[i], root);
  if (isRule(c)) return <RuleView {...props} rule={c} />;
  if ('not' in c) return <NotView {...props} />;
  return <GroupView {...props} group={c} />;
}

function GroupView({ root, path, depth, onChange, group }: ViewProps & { group: Condition }) {
  const { t } = useT();
  const kind = groupKind(group)!;
  const kids = children(group);
  return (
    <div className={`cond-group depth-${depth % 3}`} role="group" aria-label={`${t('cond.match')} ${t(kind === 'all' ? 'cond.all' : 'cond.any')}`}>
      <div className="cond-group-head">
        <span>{t('cond.match')}</span>
        <select aria-label={t('cond.match')} value={kind} onChange={(e) => onChange(setGroupKind(root, path, e.target.value as 'all' | 'any'))}>
          <option value="all">{t('cond.all')}</option>
          <option value="any">{t('cond.any')}</option>
        </select>
        <span className="spacer" />
        {path.length > 0 && (
          <>
            <button type="button" className="btn-ghost small" onClick={() => onChange(toggleNot(root, path))}>
              {t('cond.negate')}
            </button>
            <button type="button" className="btn-ghost small danger" aria-label={t('cond.remove')} onClick={() => onChange(removeAt(root, path))}>
              ✕
            </button>
          </>
        )}
      </div>
      {kids.length === 0 && <div className="cond-empty">{t('cond.empty')}</div>}
      {kids.map((_, i) => (
        <NodeView key={i} root={root} path={[...path, i]} depth={depth + 1} onChange={onChange} />
      ))}
      <div className="cond-actions">
        <button type="button" className="btn-ghost small" onClick={() => onChange(append(root, path, newRule()))}>
          + {t('cond.addRule')}
        </button>
        {depth < 3 && (
          <button type="button" className="btn-ghost small" onClick={() => onChange(append(root, path, { any: [newRule()] }))}>
            + {t('cond.addGroup')}
          </button>
        )}
      </div>
    </div>
  );
}

function NotView({ root, path, depth, onChange }: ViewProps) {
  const { t } = useT();
  return (
    <div className="cond-not">
      <div className="cond-not-head">
        <span className="cond-not-tag">{t('cond.not')}</span>
        <button type="button" className="btn-ghost small" onClick={() => onChange(toggleNot(root, path))}>
          {t('cond.negate')} ✕
        </button>
      </div>
      <NodeView root={root} path={[...path, 0]} depth={depth + 1} onChange={onChange} />
    </div>
  );
}

function RuleView({ root, path, onChange, rule }: ViewProps & { rule: Rule }) {
  const { t, lang } = useT();
  const field = ruleField(rule);
  const attributeKey = attributeKeyOfRule(rule);
  const set = (next: Rule) => onChange(replaceAt(root, path, () => next));
  const ops = field?.ops ?? (['eq'] as const);
  const pickField = (name: string) => set(name === ATTRIBUTE_FIELD_PREFIX ? setAttributeKey(rule, attributeKey ?? '') : changeField(rule, name));
  return (
    <div className="cond-rule">
      <select className="cond-field" aria-label={t('cond.field')} value={attributeKey !== null ? ATTRIBUTE_FIELD_PREFIX : rule.field} onChange={(e) => pickField(e.target.value)}>
        {!field && <option value={rule.field}>{rule.field}</option>}
        {CONDITION_FIELDS.map((f) => (
          <option key={f.name} value={f.name}>
            {f.label[lang]}
          </option>
        ))}
        <option value={ATTRIBUTE_FIELD_PREFIX}>{t('cond.attribute')}</option>
      </select>
      {attributeKey !== null && (
        <input className="cond-key" aria-label={t('cond.attributeKey')} placeholder="level" maxLength={40} value={attributeKey} onChange={(e) => set(setAttributeKey(rule, e.target.value))} />
      )}
      <select className="cond-op" aria-label={t('cond.op')} value={rule.op} onChange={(e) => set(changeOp(rule, e.target.value as ConditionOp))}>
        {ops.map((op) => (
          <option key={op} value={op}>
            {t(`op.${op}`)}
          </option>
        ))}
      </select>
      <ValueInput rule={rule} onChange={(value) => set({ ...rule, value })} />
      {field?.unit && <span className="cond-unit">{field.unit[lang]}</span>}
      <button type="button" className="btn-ghost small danger" aria-label={t('cond.remove')} onClick={() => onChange(removeAt(root, path))}>
        ✕
      </button>
      {field?.nullWhen && <div className="cond-null-hint">{lang === 'ru' ? `Не выполняется, если ${field.nullWhen.ru}` : `False when ${field.nullWhen.en}`}</div>}
    </div>
  );
}

function ValueInput({ rule, onChange }: { rule: Rule; onChange(v: Rule['value']): void }) {
  const { t, lang } = useT();
  const listId = useId();
  const field = ruleField(rule);
  const kind = field?.kind ?? 'string';
  if (kind === 'tags') {
    return (
      <>
        <TagDatalist id={listId} />
        <input aria-label={t('cond.tag')} list={listId} maxLength={60} value={typeof rule.value === 'string' ? rule.value : ''} onChange={(e) => onChange(e.target.value)} />
      </>
    );
  }
  if (kind === 'attribute' && !Array.isArray(rule.value) && rule.value !== null) {
    return <AttributeValueInput value={rule.value} onChange={onChange} />;
  }
  if (rule.op === 'between') {
    const [from, to] = Array.isArray(rule.value) ? rule.value : [0, 0];
    return (
      <span className="cond-between">
        <NumberInput integer={false} ariaLabel={t('cond.from')} value={typeof from === 'number' ? from : undefined} onChange={(n) => onChange([n ?? 0, typeof to === 'number' ? to : 0])} />
        <span>—</span>
        <NumberInput integer={false} ariaLabel={t('cond.to')} value={typeof to === 'number' ? to : undefined} onChange={(n) => onChange([typeof from === 'number' ? from : 0, n ?? 0])} />
      </span>
    );
  }
  if (rule.op === 'in' || rule.op === 'notIn') {
    if (kind === 'enum') {
      const list = Array.isArray(rule.value) ? rule.value : [];
      return (
        <span className="cond-checks">
          {field!.values!.map((o) => (
            <label key={o.value}>
              <input
                type="checkbox"
                checked={list.includes(o.value)}
                onChange={(e) => onChange(e.target.checked ? [...list, o.value] : list.filter((v) => v !== o.value))}
              />
              {o.label[lang]}
            </label>
          ))}
        </span>
      );
    }
    return <ListInput value={rule.value} kind={kind} onChange={onChange} placeholder={t('cond.listHint')} />;
  }
  if (kind === 'boolean')
    return (
      <select aria-label={t('cond.value')} value={String(rule.value)} onChange={(e) => onChange(e.target.value === 'true')}>
        <option value="true">{t('cond.yes')}</option>
        <option value="false">{t('cond.no')}</option>
      </select>
    );
  if (kind === 'enum')
    return (
      <select aria-label={t('cond.value')} value={String(rule.value)} onChange={(e) => onChange(e.target.value)}>
        {field!.values!.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label[lang]}
          </option>
        ))}
      </select>
    );
  if (kind === 'number')
    return <NumberInput integer={false} className="cond-number" ariaLabel={t('cond.value')} value={typeof rule.value === 'number' ? rule.value : undefined} onChange={(n) => onChange(n ?? 0)} />;
  return <input aria-label={t('cond.value')} value={typeof rule.value === 'string' ? rule.value : ''} onChange={(e) => onChange(e.target.value)} />;
}

function ListInput({ value, kind, onChange, placeholder }: { value: Rule['value']; kind: FieldKind; onChange(v: Rule['value']): void; placeholder: string }) {
  const { t } = useT();
  return (
    <input
      aria-label={t('cond.value')}
      placeholder={placeholder}
      defaultValue={formatList(value)}
      onBlur={(e) => onChange(parseList(e.target.value, kind))}
      onChange={(e) => onChange(parseList(e.target.value, kind))}
    />
  );
}
