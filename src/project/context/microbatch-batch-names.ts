// How dbt names a microbatch batch (MicrobatchBuilder.format_batch_start and batch_id): the
// start at the batch size's grain, in the progress lines and the per-batch compiled file names,
// and the same without dashes as `model.batch.id`.

/** A batch's start as dbt prints it and names its files: `2024`, `2024-01`, `2024-01-31` or `2024-01-31T05` by batch size. */
export function formatBatchStart(start: Date, batchSize: string): string {
  const iso = start.toISOString();
  switch (batchSize.toLowerCase()) {
    case 'year':
      return iso.slice(0, 4);
    case 'month':
      return iso.slice(0, 7);
    case 'hour':
      return iso.slice(0, 13);
    default:
      return iso.slice(0, 10);
  }
}

/** dbt's `model.batch.id`: the formatted start without dashes (`20240131`, `20240131T05`, `202401`, `2024`). */
export function batchId(start: Date, batchSize: string): string {
  return formatBatchStart(start, batchSize).replace(/-/g, '');
}

/** The batch size a batch's bounds span, for a render given bounds but no batch_size config. */
export function sizeOfSpan(start: Date, end: Date): string {
  const hours = (end.getTime() - start.getTime()) / 3_600_000;
  if (hours <= 1) return 'hour';
  if (hours <= 24) return 'day';
  return hours <= 31 * 24 ? 'month' : 'year';
}
