import { Module } from '@nestjs/common';
import { Env } from '@lienthong/config';
import { bootstrapService } from '@lienthong/runtime';
import { IofficeAdapterModule, SERVICE } from './ioffice-adapter.module';

/** The deployable module: everything configured from the environment (README "Configuration"). */
@Module({ imports: [IofficeAdapterModule.forRoot()] })
class IofficeAdapterMain {}

void bootstrapService({ service: SERVICE, module: IofficeAdapterMain, httpPort: new Env().int('HTTP_PORT', 3002, 1, 65535) });
