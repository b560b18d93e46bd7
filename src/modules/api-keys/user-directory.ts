import { Injectable } from '@nestjs/common';

export interface UserSummary {
  id: string;
  name: string;
  email: string;
}

/** Names and emails of users by id. */
export type UserLookup = (ids: string[]) => Promise<Map<string, UserSummary>>;

/**
 * Who created a key, as the module that owns users tells it: the key list shows its creator's name and email,
 * but api-keys may not import auth (auth → api-keys is the arrow). Auth registers its lookup here at start, as
 * the owners of seats and integrations register their usage meters with billing.
 */
@Injectable()
export class UserDirectory {
  private lookup?: UserLookup;

  register(lookup: UserLookup): void {
    if (this.lookup) throw new Error('a user lookup is already registered');
    this.lookup = lookup;
  }

  summaries(ids: string[]): Promise<Map<string, UserSummary>> {
    if (!this.lookup) throw new Error('no user lookup: the module that owns users must register one');
    return ids.length ? this.lookup(ids) : Promise.resolve(new Map());
  }
}
