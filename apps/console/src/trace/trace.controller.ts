import { Controller, Get, Param, Query } from '@nestjs/common';
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

  @Get('trace/:code')
  trace(@Param('code') code: string): Promise<DossierTrace> {
    return this.tracer.trace(code.slice(0, 100));
  }
}
