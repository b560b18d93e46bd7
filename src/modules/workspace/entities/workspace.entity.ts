import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, UpdatedAt, UuidPrimary } from '../../../database/columns';

export interface WorkspaceSettings {
  retentionDays: number;
  piiMasking: boolean;
  samplingRate: number;
}

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = { retentionDays: 30, piiMasking: false, samplingRate: 1 };

@Entity('workspaces')
export class Workspace {
  @UuidPrimary() id: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Index('uq_workspaces_slug', { unique: true }) @Column({ type: 'varchar', length: 63 }) slug: string;
  @Column({ type: 'varchar', length: 64, default: 'UTC' }) timezone: string;
  @Column({ type: 'jsonb' }) settings: WorkspaceSettings;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
