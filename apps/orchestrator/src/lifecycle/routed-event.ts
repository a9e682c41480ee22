import type { DossierEvent } from './lifecycle.service';

/** Where an inbound message leads: a dossier's lifecycle, an archive batch's progress, or only the trace. */
export type RoutedEvent =
  | { readonly kind: 'dossier'; readonly event: DossierEvent }
  | {
      readonly kind: 'batch';
      readonly batchId: string;
      readonly change: 'dispatched' | 'delivered' | 'returned' | 'acknowledged';
      readonly trackingCode?: string;
    }
  | { readonly kind: 'note'; readonly dossierCode?: string; readonly note: string };
