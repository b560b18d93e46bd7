import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { OtelController } from './otel.controller';
import { OtlpHttpSetup } from './otlp-http';
import { OtelService } from './otel.service';

/**
 * OpenTelemetry ingestion (OTLP/HTTP, protobuf and JSON): decodes export requests, maps spans onto the
 * span model and stores them through IngestionService — no write path of its own.
 */
@Module({
  imports: [IngestionModule],
  controllers: [OtelController],
  providers: [OtelService, OtlpHttpSetup],
})
export class OtelModule {}
