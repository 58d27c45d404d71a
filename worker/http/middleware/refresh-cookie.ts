import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { AppError } from "../../kernel/lib/errors.ts";
import type { AppEnv } from "../types.ts";

/**
 * The refresh token for the web app, as a cookie the page's scripts cannot read (HttpOnly), sent
 * only to the auth routes (Path) and never on a request another site starts (SameSite=Strict).
 * API clients keep using the JSON fields; the cookie is set alongside them.
 */
export const REFRESH_COOKIE = "pe_rt";
const PATH = "/api/v1/auth";

/** Secure, except for local development and tests over plain http (browsers drop Secure cookies there). */
function secure(c: Context<AppEnv>): boolean {
  const local = ["development", "test"].includes(c.get("config").APP_ENV);
  return !(local && new URL(c.req.url).protocol === "http:");
}

export function setRefreshCookie(c: Context<AppEnv>, token: { refreshToken: string; refreshExpiresIn: number }) {
  setCookie(c, REFRESH_COOKIE, token.refreshToken, {
    httpOnly: true,
    secure: secure(c),
    sameSite: "Strict",
    path: PATH,
    maxAge: Math.max(0, token.refreshExpiresIn),
  });
}

export function clearRefreshCookie(c: Context<AppEnv>) {
  deleteCookie(c, REFRESH_COOKIE, { httpOnly: true, secure: secure(c), sameSite: "Strict", path: PATH });
}

/**
 * The refresh token a body did not carry, from the cookie. A cookie rides along on any request the
 * browser sends, so the request must also prove it comes from our own scripts: a custom header
 * (X-Requested-With), which a cross-site form cannot send and a cross-site fetch cannot send
 * without a CORS preflight we never grant. SameSite=Strict is the first line; this is the second.
 */
export function refreshTokenFromCookie(c: Context<AppEnv>): string | undefined {
  const token = getCookie(c, REFRESH_COOKIE);
  if (token === undefined) return undefined;
  if (!c.req.header("X-Requested-With")) {
    throw new AppError("FORBIDDEN", "A refresh by cookie must carry the X-Requested-With header");
  }
  return token;
}
