import type { IncomingMessage } from 'node:http';
import { Controller, HttpCode, HttpException, Inject, Post, Req } from '@nestjs/common';
import { OpenRoute } from '@lienthong/runtime';
import { POSTAL_ADAPTER_CONFIG, type PostalAdapterConfig } from '../postal-adapter.config';
import { BodyTooLarge, readRawBody } from './raw-body';
import { WebhookIntake } from './webhook.intake';

/** `POST /postal/webhook`: the operator's signed tracking callbacks (postal-rest v1); open, since its HMAC authenticates it. */
@OpenRoute()
@Controller('postal')
export class PostalWebhookController {
  constructor(
    private readonly intake: WebhookIntake,
    @Inject(POSTAL_ADAPTER_CONFIG) private readonly config: PostalAdapterConfig,
  ) {}

  @Post('webhook')
  @HttpCode(200)
  async webhook(@Req() req: IncomingMessage): Promise<Record<string, unknown>> {
    let rawBody: Buffer;
    try {
      rawBody = await readRawBody(req, this.config.webhook.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) throw new HttpException({ code: 'PAYLOAD_TOO_LARGE', message: error.message }, 413);
      throw error;
    }
    const reply = await this.intake.receive({ rawBody, headers: req.headers, remoteAddress: req.socket.remoteAddress });
    if (reply.status === 200) return reply.body;
    throw new HttpException(reply.body, reply.status);
  }
}
