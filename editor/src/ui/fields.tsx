import { useEffect, useId, useState, type ReactNode } from 'react';

export function Field({ label, hint, children, error }: { label: string; hint?: ReactNode; error?: string | null; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {error ? <div className="field-error">{error}</div> : hint ? <div className="field-hint">{hint}</div> : null}
    </div>
  );
}

/**
 * A number input that lets people type freely ("", "1", "12") and reports only whole, in-range values; the text
 * stays as typed while it is not a number, so a half-typed value is never replaced under the cursor.
 */
export function NumberInput({
  id,
  value,
  onChange,
  min,
  max,
  step = 1,
  integer = true,
  ariaLabel,
  optional = false,
  placeholder,
  className,
}: {
  id?: string;
  value: number | undefined;
  onChange(value: number | undefined): void;
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  ariaLabel?: string;
  optional?: boolean;
  placeholder?: string;
  className?: string;
}) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    setText((cur) => (parse(cur, integer) === value ? cur : value === undefined ? '' : String(value)));
  }, [value, integer]);
  return (
    <input
      id={id}
      className={className}
      type="number"
      inputMode={integer ? 'numeric' : 'decimal'}
      min={min}
      max={max}
      step={step}
      aria-label={ariaLabel}
      placeholder={placeholder}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const n = parse(e.target.value, integer);
        if (n === undefined) {
          if (optional && e.target.value.trim() === '') onChange(undefined);
          return;
        }
        onChange(n);
      }}
    />
  );
}

function parse(text: string, integer: boolean): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text.replace(',', '.'));
  if (!Number.isFinite(n)) return undefined;
  return integer ? Math.trunc(n) : n;
}

export function Segmented<T extends string>({ value, options, onChange, ariaLabel }: { value: T; options: Array<{ value: T; label: string }>; onChange(v: T): void; ariaLabel: string }) {
  return (
    <div className="segmented" role="radiogroup" aria-label={ariaLabel}>
      {options.map((o) => (
        <button key={o.value} type="button" role="radio" aria-checked={o.value === value} className={o.value === value ? 'on' : ''} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

/**
 * "HH:MM" in 24-hour form whatever the browser's locale (a native time input shows AM/PM in English browsers,
 * and the document stores 24-hour times).
 */
export function TimeInput({ id, value, onChange, ariaLabel }: { id?: string; value: string; onChange(value: string): void; ariaLabel?: string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const valid = /^([01]\d|2[0-3]):[0-5]\d$/.test(text);
  return (
    <input
      id={id}
      className={`time-input${valid ? '' : ' is-invalid'}`}
      inputMode="numeric"
      placeholder="ЧЧ:ММ"
      maxLength={5}
      aria-label={ariaLabel}
      aria-invalid={!valid}
      value={text}
      onChange={(e) => {
        let next = e.target.value.replace(/[^\d:]/g, '');
        if (/^\d{3,4}$/.test(next)) next = `${next.slice(0, 2)}:${next.slice(2)}`;
        setText(next);
        if (/^\d:[0-5]\d$/.test(next)) next = `0${next}`;
        if (/^([01]\d|2[0-3]):[0-5]\d$/.test(next)) onChange(next);
      }}
    />
  );
}
