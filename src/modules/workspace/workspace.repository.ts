import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Db, Tx } from '../../database/db';
import { Workspace } from './entities/workspace.entity';

/** The workspace module's table (`workspaces`): TypeORM's entity API (a settings domain). */
@Injectable()
export class WorkspaceRepository {
  constructor(private readonly db: Db) {}

  insert(tx: Tx, ws: Pick<Workspace, 'id' | 'name' | 'slug' | 'timezone' | 'settings'>): Promise<Workspace> {
    return tx.manager.save(tx.manager.create(Workspace, ws));
  }

  findById(id: string): Promise<Workspace | null> {
    return this.db.manager.findOneBy(Workspace, { id });
  }

  findByIds(ids: string[]): Promise<Workspace[]> {
    return this.db.manager.findBy(Workspace, { id: In(ids) });
  }

  /** The row, locked until the transaction ends (null if there is none). */
  lockById(tx: Tx, id: string): Promise<Workspace | null> {
    return tx.manager.findOne(Workspace, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Locks the row without reading it (serialises a workspace's count-dependent rules); false if there is none. */
  async lock(tx: Tx, id: string): Promise<boolean> {
    return (await tx.query(`SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE`, [id])).length > 0;
  }

  save(tx: Tx, ws: Workspace): Promise<Workspace> {
    return tx.manager.save(ws);
  }
}
