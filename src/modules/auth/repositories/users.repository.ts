import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Db, Tx } from '../../../database/db';
import { User } from '../entities/user.entity';

/** `users` (auth): TypeORM's entity API. */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: Db) {}

  /** Throws the driver's unique violation (`uq_users_email`) for a taken email. */
  insert(tx: Tx, user: Pick<User, 'id' | 'email' | 'name' | 'passwordHash'>): Promise<User> {
    return tx.manager.save(tx.manager.create(User, user));
  }

  findByEmail(email: string): Promise<User | null> {
    return this.db.manager.findOneBy(User, { email: email.toLowerCase() });
  }

  findById(id: string, tx?: Tx): Promise<User | null> {
    return (tx ?? this.db).manager.findOneBy(User, { id });
  }

  findByIds(ids: string[]): Promise<User[]> {
    return this.db.manager.findBy(User, { id: In(ids) });
  }
}
