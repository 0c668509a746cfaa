/**
 * Removes expired OAuth records (sign-in requests, codes, tokens with their sealed keys,
 * rotation marks) that nobody presented again. `--http` runs it hourly; the Worker on its
 * cron trigger. Registered clients have no expiry and stay.
 */
import type { Store } from '../store/types.js';

/** The prefixes of records that carry an `expiresAt`. */
const EXPIRING = ['oauth/request/', 'oauth/code/', 'oauth/token/', 'oauth/rotated/'] as const;

/** Deletes every expired record; resolves to how many went. A record that cannot be read is left for a person to look at. */
export async function sweepExpired(store: Store, now: number = Date.now()): Promise<number> {
  let removed = 0;
  for (const prefix of EXPIRING) {
    for (const key of await store.list(prefix)) {
      const record = await store.get<{ expiresAt?: unknown }>(key).catch(() => undefined);
      if (typeof record?.expiresAt === 'number' && record.expiresAt <= now) {
        await store.delete(key);
        removed++;
      }
    }
  }
  return removed;
}
