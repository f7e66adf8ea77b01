import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n';

export interface ConfirmRequest {
  title: string;
  text: string;
  confirm: string;
  danger?: boolean;
  /** Ask for a reason that goes into the run's journal. */
  withReason?: boolean;
  onConfirm(reason: string): Promise<void> | void;
}

/** A modal confirmation for actions on a customer's live run; Escape or Cancel does nothing. */
export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest; onClose(): void }) {
  const { t } = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const confirm = async () => {
    setBusy(true);
    try {
      await request.onConfirm(reason.trim());
    } finally {
      setBusy(false);
      onClose();
    }
  };
  return (
    <dialog ref={dialog} className="desk-dialog" aria-labelledby="desk-dialog-title" onClose={onClose} onCancel={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void confirm();
        }}
      >
        <h2 id="desk-dialog-title">{request.title}</h2>
        <p>{request.text}</p>
        {request.withReason && (
          <label className="desk-field">
            {t('support.run.reason')}
            <textarea rows={2} value={reason} maxLength={500} placeholder={t('support.run.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} />
          </label>
        )}
        <div className="desk-dialog-actions">
          <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={request.danger ? 'btn-primary btn-danger' : 'btn-primary'} disabled={busy} autoFocus>
            {request.confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
