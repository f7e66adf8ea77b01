import { useEffect } from 'react';
import { useEditor, undo, redo } from './editor';
import type { Clip } from '../document/graph';
import { toast } from '../ui/toast';
import { translate, useLang } from '../i18n';

let clipboard: Clip | null = null;

function typingInto(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y, copy, paste and select-all on the canvas; form fields keep their own. */
export function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || typingInto(e.target)) return;
      const key = e.key.toLowerCase();
      const state = useEditor.getState();
      if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault();
        redo();
      } else if (key === 'z') {
        e.preventDefault();
        undo();
      } else if (key === 'c' || key === 'x') {
        const clip = state.copy();
        if (!clip) return;
        e.preventDefault();
        clipboard = clip;
        // Also on the system clipboard, so a group can be pasted into another scenario in another tab.
        void navigator.clipboard?.writeText(JSON.stringify(clip)).catch(() => {});
        if (key === 'x') state.deleteNodes(state.selection);
        else toast(translate(useLang.getState().lang, 'editor.copied', { n: clip.nodes.length }));
      } else if (key === 'v') {
        if (state.readOnly) return;
        e.preventDefault();
        const pasteLocal = () => clipboard && state.paste(clipboard);
        if (!navigator.clipboard?.readText) return pasteLocal();
        navigator.clipboard
          .readText()
          .then((text) => {
            const clip = JSON.parse(text) as Clip;
            if (clip?.format === 'comeback/clip' && Array.isArray(clip.nodes)) state.paste(clip);
            else pasteLocal();
          })
          .catch(pasteLocal);
      } else if (key === 'a') {
        e.preventDefault();
        state.select(state.doc.nodes.map((n) => n.id));
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
}
