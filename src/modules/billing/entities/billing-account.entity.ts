import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt, Timestamp, UpdatedAt } from '../../../database/columns';
import type { BillingCycle, PlanId, PlanLimits } from '../plans';

export const SUBSCRIPTION_STATUSES = ['active', 'trialing', 'past_due', 'canceled', 'incomplete'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** The seed's billing_config: one row per workspace (a workspace without a row is on the free plan). */
@Entity('billing_config')
export class BillingAccount {
  @PrimaryColumn('uuid') workspaceId: string;
  @Column({ type: 'varchar', length: 16, default: 'free' }) plan: PlanId;
  @Column({ type: 'varchar', length: 16, default: 'active' }) status: SubscriptionStatus;
  @Column({ type: 'varchar', length: 8, default: 'monthly' }) billingCycle: BillingCycle;
  @Timestamp({ nullable: true }) currentPeriodStart: Date | null;
  @Timestamp({ nullable: true }) currentPeriodEnd: Date | null;
  @Column({ type: 'boolean', default: false }) cancelAtPeriodEnd: boolean;
  @Index('uq_billing_config_customer', { unique: true, where: 'stripe_customer_id IS NOT NULL' })
  @Column({ type: 'varchar', length: 255, nullable: true })
  stripeCustomerId: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) stripeSubscriptionId: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) billingEmail: string | null;
  @Column({ type: 'boolean', default: false }) hasPaymentMethod: boolean;
  /** contract overrides for enterprise deals, merged over the plan's limits */
  @Column({ type: 'jsonb', nullable: true }) limitsOverride: Partial<PlanLimits> | null;
  /** `created` of the newest subscription event applied (older events never roll state back) */
  @Column({ type: 'bigint', nullable: true }) lastSubscriptionEventAt: string | null;
  /** since when the account is past_due (grace period) */
  @Timestamp({ nullable: true }) pastDueSince: Date | null;
  /**
   * A plan change in flight (PUT /billing/plan): reserved before Stripe is called, cleared by the short transaction
   * that confirms it (or on failure). No row lock is held meanwhile; another change waits for this one to end, or
   * for the reservation to expire if its process died.
   */
  @Column({ type: 'uuid', nullable: true }) pendingChangeId: string | null;
  @Timestamp({ nullable: true }) pendingChangeExpiresAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
