import { create } from 'zustand';

export type ToastKind = 'info' | 'success' | 'warning' | 'error';
interface ToastItem {
  id: number;
  text: string;
  kind: ToastKind;
}

const useToasts = create<{ items: ToastItem[] }>(() => ({ items: [] }));
let nextId = 1;

/** A short notice in the corner; screen readers hear it through the live region. */
export function toast(text: string, kind: ToastKind = 'info') {
  const id = nextId++;
  useToasts.setState((s) => ({ items: [...s.items.filter((i) => i.text !== text), { id, text, kind }].slice(-4) }));
  setTimeout(() => useToasts.setState((s) => ({ items: s.items.filter((i) => i.id !== id) })), kind === 'error' ? 8000 : 4000);
}

export function Toasts() {
  const items = useToasts((s) => s.items);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {items.map((i) => (
        <div key={i.id} className={`toast toast-${i.kind}`}>
          {i.text}
        </div>
      ))}
    </div>
  );
}
