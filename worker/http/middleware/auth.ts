import type { Context, MiddlewareHandler } from "hono";
import { verifyAccessToken } from "../../kernel/auth/access-token.ts";
import { adminDirectory } from "../../kernel/auth/admins.ts";
import { authenticateApiKey } from "../../kernel/auth/api-keys.ts";
import type { Caller } from "../../kernel/auth/caller.ts";
import { sessionActive } from "../../kernel/auth/session-check.ts";
import { keyRing } from "../../kernel/auth/signing-keys.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import type { AppEnv } from "../types.ts";
import { limitApiKey } from "./key-rate-limit.ts";

/**
 * Every protected route declares who may call it. 401 without a valid credential (missing,
 * invalid, expired, revoked, or its account gone), 403 for a valid caller of the wrong role.
 */
export function requireRole(...roles: Caller["role"][]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const caller = await authenticate(c);
    if (!roles.includes(caller.role)) throw new AppError("FORBIDDEN", "This role may not call this route");
    c.set("caller", caller);
    // Every route an API key reaches counts against the key's quota.
    if (caller.role === "clinic") return limitApiKey(c, caller, next);
    await next();
  };
}

const BEARER = /^Bearer ([A-Za-z0-9_.-]{1,4096})$/;

/**
 * The one place a caller is identified. `pe_…` credentials are clinic API keys; anything else
 * must be one of our access tokens whose session is still active (and, for admins, whose account
 * is still in the configuration).
 */
async function authenticate(c: Context<AppEnv>): Promise<Caller> {
  const raw = BEARER.exec(c.req.header("Authorization") ?? "")?.[1];
  if (!raw) throw unauthenticated("A bearer token is required");
  if (raw.startsWith("pe_")) {
    const clinic = await authenticateApiKey(c.get("deps"), raw);
    if (!clinic) throw unauthenticated("The API key is invalid or revoked");
    return clinic;
  }

  const config = c.get("config");
  const verified = await verifyAccessToken(await keyRing(config.AUTH_SIGNING_KEYS), raw, {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
  });
  if (!verified.ok) {
    c.get("log").debug("access token refused", { reason: verified.reason });
    throw unauthenticated("The token is invalid or expired");
  }
  const { sub, role, sid, doctorId } = verified.claims;
  if (role === "admin" && !(await adminDirectory(config.ADMIN_ACCOUNTS)).byId(sub)) {
    throw unauthenticated("The token is invalid or expired");
  }
  if (!(await sessionActive(c.env, sub, sid, config.SESSION_CHECK_CACHE_SECONDS))) {
    throw unauthenticated("The session has ended; sign in again");
  }
  return { role, id: sub, sessionId: sid, ...(doctorId ? { doctorId } : {}) };
}

const authChallenge = { "WWW-Authenticate": 'Bearer realm="prescripto"' };

function unauthenticated(message: string): AppError {
  return new AppError("UNAUTHENTICATED", message, { headers: authChallenge });
}

export type { Caller };
