import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EntitlementsService } from './entitlements.service';
import { BillingAccount } from './entities/billing-account.entity';
import { UsageDaily, UsagePeriod } from './entities/usage.entity';
import { UsageService } from './usage.service';

@Module({
  imports: [TypeOrmModule.forFeature([BillingAccount, UsagePeriod, UsageDaily])],
  providers: [EntitlementsService, UsageService],
  exports: [EntitlementsService, UsageService],
})
export class BillingModule {}
