import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { INGEST_HEALTH_RECORDER } from '../../common/ingest-health';
import { IngestHealthHour, IngestHealthError } from './entities/ingest-health.entity';
import { IngestHealthController } from './ingest-health.controller';
import { IngestHealthRepository } from './ingest-health.repository';
import { IngestHealthService } from './ingest-health.service';

/**
 * Ingestion health (GET /api/v1/ingest/health): counters per workspace and hour and the latest refusals, fed by the
 * response hook of the ingest routes (common/ingest-health.ts) through INGEST_HEALTH_RECORDER.
 */
@Module({
  imports: [TypeOrmModule.forFeature([IngestHealthHour, IngestHealthError])],
  controllers: [IngestHealthController],
  providers: [IngestHealthRepository, IngestHealthService, { provide: INGEST_HEALTH_RECORDER, useExisting: IngestHealthService }],
  exports: [IngestHealthService, INGEST_HEALTH_RECORDER],
})
export class IngestHealthModule {}
