import { Module } from '@nestjs/common';
import { IntegrationsProcessor } from './integrations.processor';

@Module({ providers: [IntegrationsProcessor] })
export class IntegrationsModule {}
