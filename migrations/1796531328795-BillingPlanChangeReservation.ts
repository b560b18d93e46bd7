import { MigrationInterface, QueryRunner } from 'typeorm';

export class BillingPlanChangeReservation1796531328795 implements MigrationInterface {
  name = 'BillingPlanChangeReservation1796531328795';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "billing_config" ADD "pending_change_id" uuid`);
    await queryRunner.query(`ALTER TABLE "billing_config" ADD "pending_change_expires_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "billing_config" DROP COLUMN "pending_change_expires_at"`);
    await queryRunner.query(`ALTER TABLE "billing_config" DROP COLUMN "pending_change_id"`);
  }
}
