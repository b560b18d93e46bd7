import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { dataSourceOptions } from './data-source';
import { OutboxService } from './outbox/outbox.service';
import { pgPoolProvider } from './pg-pool';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.databaseUrl, config.databasePoolSize),
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [pgPoolProvider, OutboxService],
  exports: [pgPoolProvider, OutboxService],
})
export class DatabaseModule {}
