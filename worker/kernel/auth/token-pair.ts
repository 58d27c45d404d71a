import type { AppConfig } from "../config.ts";
import { type AccessClaims, signAccessToken } from "./access-token.ts";
import { keyRing } from "./signing-keys.ts";

/** Who a session belongs to: enough to mint its access tokens. */
export interface Principal {
  id: string;
  role: AccessClaims["role"];
  doctorId?: string;
}

/** What sign-in, registration and refresh answer with (OAuth 2.0 token response field names). */
export interface TokenPair {
  tokenType: "Bearer";
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  /** Seconds until the refresh token expires (it is replaced on every use). */
  refreshExpiresIn: number;
}

export async function tokenPair(
  config: AppConfig,
  principal: Principal,
  session: { sessionId: string; refreshToken: string; refreshExpiresAt: number },
  nowMs = Date.now(),
): Promise<TokenPair> {
  const access = await signAccessToken(
    await keyRing(config.AUTH_SIGNING_KEYS),
    {
      sub: principal.id,
      role: principal.role,
      sid: session.sessionId,
      ...(principal.doctorId ? { doctorId: principal.doctorId } : {}),
    },
    { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
    nowMs,
  );
  return {
    tokenType: "Bearer",
    accessToken: access.token,
    expiresIn: access.expiresAt - Math.floor(nowMs / 1000),
    refreshToken: session.refreshToken,
    refreshExpiresIn: Math.floor((session.refreshExpiresAt - nowMs) / 1000),
  };
}
