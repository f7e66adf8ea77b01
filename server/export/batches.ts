/**
 * A keyset-paged list read batch by batch for an export: `page(after)` returns one batch and where the next one
 * starts (null after the last). Every batch is its own short query, so no database connection is held while the
 * client downloads, however slowly. The first batch is read before the export answers, so a failing query is
 * still an error response rather than a broken file.
 */
export async function pagedBatches<Row, Cursor>(page: (after: Cursor | null) => Promise<{ rows: Row[]; next: Cursor | null }>): Promise<AsyncIterable<Row[]>> {
  let current = await page(null);
  return (async function* () {
    for (;;) {
      if (current.rows.length > 0) yield current.rows;
      if (current.next === null) return;
      current = await page(current.next);
    }
  })();
}
