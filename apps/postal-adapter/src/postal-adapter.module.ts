import { Module, type Type } from '@nestjs/common';
import { MESSAGING_MIGRATIONS, MessagingModule } from '@lienthong/messaging';
import { PersistenceModule } from '@lienthong/persistence';
import { RuntimeModule } from '@lienthong/runtime';
import { PostalHealth } from './health/postal.health';
import { PostalMetrics } from './health/postal.metrics';
import { OrderRequestedHandler } from './orders/order-requested.handler';
import { PostalOrderRepository } from './orders/postal-order.repository';
import { POSTAL_ADAPTER_CONFIG, type PostalAdapterConfig, postalAdapterConfigFromEnv } from './postal-adapter.config';
import { POSTAL_ADAPTER_MIGRATIONS } from './postal-adapter.migrations';
import { StaleShipmentPoller } from './poller/stale-shipment.poller';
import { VnpostHttpAdapter } from './postal/postal.http-client';
import { PostalPort } from './postal/postal.port';
import { TrackingEventRepository } from './tracking/tracking-event.repository';
import { TrackingRecorder } from './tracking/tracking.recorder';
import { OutboxConfirmation } from './webhook/outbox-confirmation';
import { PostalWebhookController } from './webhook/postal-webhook.controller';
import { WebhookRejectionRepository } from './webhook/webhook-rejection.repository';
import { WebhookIntake } from './webhook/webhook.intake';

/**
 * The postal adapter's root module for a given configuration (the environment's by default): places
 * orders with the operator (`postal.order-requested`), takes its signed tracking callbacks on
 * `POST /postal/webhook`, and polls shipments whose callbacks stopped. The app must be created with
 * `bodyParser: false`: the webhook's HMAC is computed over the raw body.
 */
export function postalAdapterModule(config: PostalAdapterConfig = postalAdapterConfigFromEnv()): Type<unknown> {
  @Module({
    imports: [
      PersistenceModule.forRoot({ url: config.databaseUrl, migrations: [...MESSAGING_MIGRATIONS, ...POSTAL_ADAPTER_MIGRATIONS] }),
      MessagingModule.forRoot(config.messaging),
      RuntimeModule.forService(config.service),
    ],
    controllers: [PostalWebhookController],
    providers: [
      { provide: POSTAL_ADAPTER_CONFIG, useValue: config },
      PostalMetrics,
      {
        provide: PostalPort,
        useFactory: (metrics: PostalMetrics) => new VnpostHttpAdapter(config.postal, metrics),
        inject: [PostalMetrics],
      },
      PostalHealth,
      PostalOrderRepository,
      TrackingEventRepository,
      WebhookRejectionRepository,
      TrackingRecorder,
      OutboxConfirmation,
      WebhookIntake,
      OrderRequestedHandler,
      StaleShipmentPoller,
    ],
  })
  class PostalAdapterModule {}
  return PostalAdapterModule;
}
