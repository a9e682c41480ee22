import { Controller, Get, Param, Query } from '@nestjs/common';
import type { Session } from '../auth/session.store';
import { maskedTrace, seesPersonalData } from '../privacy/masked-views';
import { CurrentSession } from '../web/access.decorators';
import { strParam } from '../web/http';
import { DossierTracer, type DossierTrace } from './dossier.trace';

/** Dossier trace: search by code, then the timeline. */
@Controller('api')
export class TraceController {
  constructor(private readonly tracer: DossierTracer) {}

  @Get('dossiers/suggest')
  async suggest(@Query('q') q: unknown): Promise<{ codes: string[] }> {
    return { codes: await this.tracer.suggest(strParam(q) ?? '') };
  }

  /** For a viewer, free text in notes and dead-letter reasons has its personal data masked. */
  @Get('trace/:code')
  async trace(@Param('code') code: string, @CurrentSession() session: Session): Promise<DossierTrace> {
    const trace = await this.tracer.trace(code.slice(0, 100));
    return seesPersonalData(session.role) ? trace : maskedTrace(trace);
  }
}
