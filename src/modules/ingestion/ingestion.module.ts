import { Module } from '@nestjs/common';
import { ReadinessChecks } from '../../common/health/readiness';
import { Metrics } from '../../common/metrics/metrics';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Db } from '../../database/db';
import { BillingModule } from '../billing/billing.module';
import { WorkspaceModule } from '../workspace/workspace.module';
import { IngestionController, TracesController } from './ingestion.controller';
import { IngestionProcessor } from './ingestion.processor';
import { IngestionService } from './ingestion.service';
import { createClickHouseTraceStore } from './storage/clickhouse';
import { PostgresTraceStore } from './storage/postgres/postgres-trace-store';
import { TRACE_STORE } from './storage/trace-store';
import { TracesService } from './traces.service';
import { TraceWindowsService } from './trace-windows.service';

/**
 * Trace ingestion (POST /api/v1/ingest) and trace queries (GET /api/v1/traces…). Other decoders (OTLP)
 * import this module and call `IngestionService.ingest`, so every span takes the same storage, quota
 * and alert path. Storage is behind TRACE_STORE: Postgres, or ClickHouse with TRACE_STORE=clickhouse.
 */
@Module({
  imports: [WorkspaceModule, BillingModule],
  controllers: [IngestionController, TracesController],
  providers: [
    IngestionService,
    TracesService,
    PostgresTraceStore,
    {
      provide: TRACE_STORE,
      inject: [APP_CONFIG, Db, PostgresTraceStore, { token: Metrics, optional: true }, { token: ReadinessChecks, optional: true }],
      useFactory: (config: AppConfig, db: Db, postgres: PostgresTraceStore, metrics?: Metrics, readiness?: ReadinessChecks) => {
        if (config.traceStore.backend !== 'clickhouse') return postgres;
        const store = createClickHouseTraceStore(config.traceStore.clickhouseUrl as string, db, metrics);
        readiness?.register('clickhouse', () => store.ping());
        return store;
      },
    },
    IngestionProcessor,
    TraceWindowsService,
  ],
  exports: [IngestionService, TRACE_STORE, TraceWindowsService],
})
export class IngestionModule {}
