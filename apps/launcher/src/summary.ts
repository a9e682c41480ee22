import type { DossierWatcher } from '@lienthong/runtime';

/** One line for the operator's terminal: dossiers per stage, message rate, rejections, where to look. */
export function summaryLine(watcher: DossierWatcher, previous: { messages: number; at: number }, dashboardUrl: string): string {
  const now = Date.now();
  const rate = ((watcher.messages - previous.messages) * 1000) / Math.max(1, now - previous.at);
  const stages =
    [...watcher.byStage()]
      .sort((a, b) => b[1] - a[1])
      .map(([stage, n]) => `${stage} ${n}`)
      .join(', ') || 'none yet';
  return `${watcher.dossiers.size} dossiers: ${stages} | ${rate.toFixed(1)} msgs/s | rejected ${watcher.rejections.length} | dashboard ${dashboardUrl}`;
}
