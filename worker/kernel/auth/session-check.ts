import { accountSessions } from "../clients/account-sessions.ts";
import { BoundedMap } from "../lib/bounded-map.ts";

/**
 * Whether an access token's session is still honoured, asked of the account's AccountSessions
 * object and remembered by this isolate for `cacheSeconds`: a revocation made through this isolate
 * (logout, reuse, deletion) is forgotten here at once; other isolates learn it within `cacheSeconds`.
 * Only "active" answers are cached, so a revoked session is never trusted again.
 */
const activeUntil = new BoundedMap<string, number>(10_000);

export async function sessionActive(
  env: Env,
  accountId: string,
  sessionId: string,
  cacheSeconds: number,
  nowMs = Date.now(),
): Promise<boolean> {
  const key = `${accountId}|${sessionId}`;
  const until = activeUntil.get(key);
  if (until !== undefined && until > nowMs) return true;
  activeUntil.delete(key);
  const { active } = await accountSessions(env, accountId).check(sessionId);
  if (active && cacheSeconds > 0) {
    activeUntil.set(key, nowMs + cacheSeconds * 1000);
  }
  return active;
}

export function forgetSession(accountId: string, sessionId: string): void {
  activeUntil.delete(`${accountId}|${sessionId}`);
}

export function forgetAccount(accountId: string): void {
  const prefix = `${accountId}|`;
  for (const key of activeUntil.keys()) if (key.startsWith(prefix)) activeUntil.delete(key);
}
