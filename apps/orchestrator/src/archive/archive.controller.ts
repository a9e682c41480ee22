import { Controller, HttpCode, Post, Query } from '@nestjs/common';
import { Departments } from '@lienthong/config';
import { BusPublisher, OutboxRelay } from '@lienthong/messaging';
import { Database } from '@lienthong/persistence';
import { fromPublisher } from '../lifecycle/unit-of-work';
import { ArchiveBatches } from './archive.batches';

/**
 * `POST /archive/batches/dispatch[?agencyCode=…]`: dispatches open archive batches now instead of waiting for
 * the cutoff (an operator before a holiday; the demo and the lifecycle benchmark at the end of a run). It closes
 * them and requests their dispatch; each is then dispatched as a step of its own (`dispatched` counts the batches
 * requested), so one that cannot be dispatched does not fail the request or hold back the others.
 * The service's HTTP side listens on loopback unless HTTP_HOST says otherwise.
 */
@Controller('archive/batches')
export class ArchiveController {
  constructor(
    private readonly db: Database,
    private readonly departments: Departments,
    private readonly batches: ArchiveBatches,
    private readonly publisher: BusPublisher,
    private readonly relay: OutboxRelay,
  ) {}

  @Post('dispatch')
  @HttpCode(200)
  async dispatch(@Query('agencyCode') agencyCode?: string): Promise<{ dispatched: number }> {
    const agencies = agencyCode ? [agencyCode] : this.departments.all.map((d) => d.agencyCode);
    let dispatched = 0;
    await this.db.transaction(async (tx) => {
      const uow = fromPublisher(tx, this.publisher);
      for (const agency of agencies) dispatched += await this.batches.closeOpen(uow, agency, 'operator');
    });
    this.relay.kick();
    return { dispatched };
  }
}
