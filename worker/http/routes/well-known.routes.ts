import { Hono } from "hono";
import { keyRing } from "../../kernel/auth/signing-keys.ts";
import type { AppEnv } from "../types.ts";

/** The public keys access tokens are verified with (only those still accepted), for other services. */
export const wellKnownRoutes = new Hono<AppEnv>().get("/jwks.json", async (c) => {
  const ring = await keyRing(c.get("config").AUTH_SIGNING_KEYS);
  return c.json(ring.jwks(Date.now()), 200, { "Cache-Control": "public, max-age=300" });
});
