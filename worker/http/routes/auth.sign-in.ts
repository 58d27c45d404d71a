import type { Context } from "hono";
import { hashPassword } from "../../kernel/auth/passwords.ts";
import { type Principal, tokenPair } from "../../kernel/auth/token-pair.ts";
import { accountSessions } from "../../kernel/clients/account-sessions.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { setRefreshCookie } from "../middleware/refresh-cookie.ts";
import type { AppEnv } from "../types.ts";

/** One answer for every failed sign-in, whether or not the email has an account. */
export const badCredentials = () => new AppError("INVALID_CREDENTIALS", "The email or password is incorrect");
export const badRefresh = () =>
  new AppError("UNAUTHENTICATED", "The refresh token is invalid, expired or revoked; sign in again");

/** Opens a session for the principal and mints its first token pair. */
export async function signIn(c: Context<AppEnv>, principal: Principal) {
  const config = c.get("config");
  const session = await accountSessions(c.env, principal.id).open(principal.id, config.REFRESH_TOKEN_TTL_SECONDS);
  if (!session.ok) throw badCredentials();
  const pair = await tokenPair(config, principal, session);
  setRefreshCookie(c, pair);
  return pair;
}

/** A hash made at an older, cheaper cost is replaced after a successful sign-in (off the response path). */
export function rehashLater(c: Context<AppEnv>, userId: string, password: string): void {
  const config = c.get("config");
  const log = c.get("log");
  c.executionCtx.waitUntil(
    (async () => {
      const passwordHash = await hashPassword(password, config.PASSWORD_KDF_ITERATIONS);
      unwrap(await mongoGateway(c.env, config, userId).updateUser(userId, { passwordHash }));
    })().catch((error: unknown) => log.warn("password re-hash failed", { userId, error })),
  );
}
