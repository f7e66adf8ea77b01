import { useAnalyticsT } from './texts';

/** "Выгрузить: Итоги XLSX · CSV" — plain links: the browser downloads with the session cookie. */
export function ExportLinks({ label, href, testId }: { label: string; href(format: 'xlsx' | 'csv'): string; testId: string }) {
  const { t } = useAnalyticsT();
  return (
    <span className="an-export">
      <span className="an-muted">
        {t('export')} {label}:
      </span>
      <a className="btn-secondary small" href={href('xlsx')} download data-testid={`${testId}-xlsx`}>
        Excel
      </a>
      <a className="btn-ghost small" href={href('csv')} download data-testid={`${testId}-csv`}>
        CSV
      </a>
    </span>
  );
}
