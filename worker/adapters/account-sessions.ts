import type { AccountSessions } from "../../durable-objects/account-sessions/account-sessions.ts";

/** The stub of one account's AccountSessions object. */
export function accountSessions(env: Env, accountId: string): DurableObjectStub<AccountSessions> {
  return env.ACCOUNT_SESSIONS.get(env.ACCOUNT_SESSIONS.idFromName(accountId));
}
