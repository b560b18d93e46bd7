import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, UpdatedAt, UuidPrimary } from '../../../database/columns';

@Entity('users')
export class User {
  @UuidPrimary() id: string;
  /** stored lower-cased; compared case-insensitively everywhere */
  @Index('uq_users_email', { unique: true }) @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 255 }) passwordHash: string;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
