import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { PageOf } from '../../../common/pagination/pagination';
import { SUBSCRIPTION_STATUSES, SubscriptionStatus } from '../entities/billing-account.entity';
import { INVOICE_STATUSES, InvoiceStatus } from '../entities/invoice.entity';
import { BILLING_CYCLES, BillingCycle, PLAN_IDS, PlanId } from '../plans';

const HTTP_URL = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

export class PlanLimitsDto {
  @ApiProperty({ type: 'integer', nullable: true, example: 5, description: 'Active members + pending invitations; null = unlimited' })
  seats: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 3, description: 'Enabled integrations; null = unlimited' })
  integrations: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 10000, description: 'New traces per calendar month (UTC); null = unlimited' })
  tracesPerMonth: number | null;
  @ApiProperty({ type: 'integer', example: 14, description: 'Days traces are kept at most' })
  retentionDays: number;
}

export class PlanDto {
  @ApiProperty({ enum: PLAN_IDS, enumName: 'Plan', example: 'starter' }) id: PlanId;
  @ApiProperty({ example: 'Starter' }) name: string;
  @ApiProperty({ example: 'For small teams shipping agents.' }) description: string;
  @ApiProperty({ type: PlanLimitsDto, description: "The plan's default limits (a workspace's contract may override them)" })
  limits: PlanLimitsDto;
  @ApiProperty({ type: 'number', nullable: true, example: 49, description: 'List price in USD per month; null = by contract' })
  priceMonthlyUsd: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 490, description: 'List price in USD per year; null = by contract' })
  priceYearlyUsd: number | null;
  @ApiProperty({ example: true, description: 'Bought through Stripe Checkout (false: sold by contract, sales only)' })
  selfServe: boolean;
}

export class PlanCatalogDto {
  @ApiProperty({ type: [PlanDto], description: 'Every plan, cheapest first' }) data: PlanDto[];
}

export class BillingConfigDto {
  @ApiProperty({ enum: PLAN_IDS, enumName: 'Plan', example: 'free' }) plan: PlanId;
  @ApiProperty({
    enum: SUBSCRIPTION_STATUSES,
    enumName: 'SubscriptionStatus',
    example: 'active',
    description: "`past_due` keeps the plan's limits for a 14-day grace period; `canceled` and `incomplete` get the free limits",
  })
  status: SubscriptionStatus;
  @ApiProperty({ enum: BILLING_CYCLES, enumName: 'BillingCycle', example: 'monthly' }) billingCycle: BillingCycle;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Start of the paid subscription period (null without a subscription)',
  })
  currentPeriodStart: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) currentPeriodEnd: string | null;
  @ApiProperty({ description: 'The subscription ends (back to free) at currentPeriodEnd' }) cancelAtPeriodEnd: boolean;
  @ApiProperty({ type: PlanLimitsDto, description: 'The limits in force now (plan, contract overrides and subscription status applied)' })
  limits: PlanLimitsDto;
  @ApiProperty({ type: String, nullable: true, example: 'billing@example.com' }) billingEmail: string | null;
  @ApiProperty({ example: false }) hasPaymentMethod: boolean;
}

export class ChangePlanDto {
  @ApiProperty({ enum: PLAN_IDS, enumName: 'Plan', description: '`enterprise` is sold by contract (403)' })
  @IsIn(PLAN_IDS)
  plan: PlanId;

  @ApiPropertyOptional({ enum: BILLING_CYCLES, enumName: 'BillingCycle', description: 'Default: the current cycle' })
  @IsOptional()
  @IsIn(BILLING_CYCLES)
  billingCycle?: BillingCycle;
}

export class CheckoutDto {
  @ApiProperty({
    enum: PLAN_IDS,
    enumName: 'Plan',
    example: 'starter',
    description: '`starter` or `professional`; `enterprise` is sold by contract (403)',
  })
  @IsIn(PLAN_IDS)
  plan: PlanId;

  @ApiProperty({ enum: BILLING_CYCLES, enumName: 'BillingCycle' })
  @IsIn(BILLING_CYCLES)
  billingCycle: BillingCycle;

  @ApiProperty({
    format: 'uri',
    maxLength: 2048,
    example: 'https://app.example.com/settings/billing?checkout=success',
    description: 'Where Stripe sends the customer after paying (http or https; `{CHECKOUT_SESSION_ID}` is replaced by Stripe)',
  })
  @IsString()
  @MaxLength(2048)
  @IsUrl(HTTP_URL, { message: '$property must be an http or https URL' })
  successUrl: string;

  @ApiProperty({ format: 'uri', maxLength: 2048, example: 'https://app.example.com/settings/billing?checkout=cancel' })
  @IsString()
  @MaxLength(2048)
  @IsUrl(HTTP_URL, { message: '$property must be an http or https URL' })
  cancelUrl: string;
}

export class CheckoutSessionDto {
  @ApiProperty({ example: 'cs_test_a1b2c3' }) sessionId: string;
  @ApiProperty({ example: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3', description: 'Redirect the customer here' }) url: string;
}

export class UsageMetricDto {
  @ApiProperty({ type: 'integer', example: 3 }) used: number;
  @ApiProperty({ type: 'integer', nullable: true, example: 5, description: 'null = unlimited' }) limit: number | null;
}

export class DailyUsageDto {
  @ApiProperty({ format: 'date', example: '2025-01-31' }) date: string;
  @ApiProperty({ type: 'integer', example: 120, description: 'New traces counted that day (UTC)' }) traces: number;
}

export class UsageDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the quota month (calendar month, UTC)' }) periodStart: string;
  @ApiProperty({ format: 'date-time', description: 'End (exclusive) of the quota month' }) periodEnd: string;
  @ApiProperty({ type: UsageMetricDto, description: 'New traces this month' }) traces: UsageMetricDto;
  @ApiProperty({ type: UsageMetricDto, description: 'Active members + pending invitations' }) seats: UsageMetricDto;
  @ApiProperty({ type: UsageMetricDto, description: 'Enabled integrations' }) integrations: UsageMetricDto;
  @ApiProperty({ type: [DailyUsageDto], description: 'One entry per day of the month up to today, oldest first' }) daily: DailyUsageDto[];
}

export class InvoiceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'in_1PqRsT2eZvKYlo2C', description: 'The Stripe invoice id' }) stripeInvoiceId: string;
  @ApiProperty({ type: String, nullable: true, example: 'A1B2C3D4-0001' }) number: string | null;
  @ApiProperty({ enum: INVOICE_STATUSES, enumName: 'InvoiceStatus', example: 'paid' }) status: InvoiceStatus;
  @ApiProperty({ type: 'integer', example: 4900, description: "In the currency's minor unit (cents)" }) amountDue: number;
  @ApiProperty({ type: 'integer', example: 4900, description: "In the currency's minor unit (cents)" }) amountPaid: number;
  @ApiProperty({ example: 'usd', description: 'ISO 4217, lower case' }) currency: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) periodStart: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) periodEnd: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Stripe-hosted page to view and pay the invoice' }) hostedInvoiceUrl:
    string | null;
  @ApiProperty({ type: String, nullable: true }) pdfUrl: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the invoice was created in Stripe' }) createdAt: string;
}

export const InvoicePageDto = PageOf(InvoiceDto, 'InvoicePage');

export class WebhookAckDto {
  @ApiProperty({ example: true }) received: boolean;
}
