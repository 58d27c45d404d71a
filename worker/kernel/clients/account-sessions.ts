/** The stub of one account's AccountSessions object. */
export function accountSessions(env: Env, accountId: string): ReturnType<Env["ACCOUNT_SESSIONS"]["get"]> {
  return env.ACCOUNT_SESSIONS.get(env.ACCOUNT_SESSIONS.idFromName(accountId));
}
