import { useEffect, useState } from 'react';
import { getPlanner } from './api';
import { MovesDialog } from './MovesDialog';
import { useMovesT } from './texts';

/**
 * "N customers on earlier versions": shown in the editor's top bar while a published scenario has customers inside
 * on older versions; opens the move planner. After a publish (`published` changes) it opens by itself when there
 * are such customers, since that is when the marketer decides what happens to them.
 */
const OPEN_NEXT = 'comeback.openMovePlanner';

/** Asks the next editor screen of this scenario to open the move planner (e.g. after an A/B winner was rolled out). */
export function openMovePlannerNext(scenarioId: string): void {
  try {
    sessionStorage.setItem(OPEN_NEXT, scenarioId);
  } catch {
    // Storage unavailable: the marketer opens it from the top bar.
  }
}

function takeOpenRequest(scenarioId: string): boolean {
  try {
    if (sessionStorage.getItem(OPEN_NEXT) !== scenarioId) return false;
    sessionStorage.removeItem(OPEN_NEXT);
    return true;
  } catch {
    return false;
  }
}

export function MovesButton({ scenarioId, currentVersion, published }: { scenarioId: string; currentVersion: number | null; published: number }) {
  const { t } = useMovesT();
  const [older, setOlder] = useState(0);
  const [open, setOpen] = useState(false);
  const [checked, setChecked] = useState(0);

  useEffect(() => {
    if (currentVersion === null) return;
    let live = true;
    getPlanner(scenarioId)
      .then((p) => {
        if (!live) return;
        const runs = p.versions.reduce((n, v) => n + v.runs, 0);
        setOlder(runs);
        if ((published > 0 || takeOpenRequest(scenarioId)) && runs > 0) setOpen(true);
      })
      .catch(() => live && setOlder(0));
    return () => {
      live = false;
    };
  }, [scenarioId, currentVersion, published, checked]);

  return (
    <>
      {older > 0 && (
        <button type="button" className="btn-secondary small moves-open" title={t('openHint')} onClick={() => setOpen(true)}>
          {t('open', { count: older, n: older })}
        </button>
      )}
      {open && (
        <MovesDialog
          scenarioId={scenarioId}
          onClose={() => {
            setOpen(false);
            setChecked((c) => c + 1);
          }}
        />
      )}
    </>
  );
}
