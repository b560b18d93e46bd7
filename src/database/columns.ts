import { randomUUID } from 'node:crypto';
import { Column, ColumnOptions, CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** UUID primary key generated in the application (no database extension needed). */
export const UuidPrimary = () => PrimaryColumn('uuid');
export const newId = () => randomUUID();
export const CreatedAt = () => CreateDateColumn({ type: 'timestamptz' });
export const UpdatedAt = () => UpdateDateColumn({ type: 'timestamptz' });
export const Timestamp = (options: ColumnOptions = {}) => Column({ type: 'timestamptz', ...options });
