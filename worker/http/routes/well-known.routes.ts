import { createRoute, z } from "@hono/zod-openapi";
import { keyRing } from "../../kernel/auth/signing-keys.ts";
import { json } from "../openapi/content.ts";
import { commonErrors } from "../openapi/errors.ts";
import { routeApp } from "../openapi/route-app.ts";

const Jwks = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .openapi("JsonWebKeySet", { description: "RFC 7517 key set" });

const jwks = createRoute({
  method: "get",
  path: "/jwks.json",
  tags: ["auth"],
  summary: "The public keys access tokens are verified with (only those still accepted)",
  responses: { 200: json(Jwks, "The key set (cacheable for 5 minutes)"), ...commonErrors },
});

/** The public keys access tokens are verified with (only those still accepted), for other services. */
export const wellKnownRoutes = routeApp().openapi(jwks, async (c) => {
  const ring = await keyRing(c.get("config").AUTH_SIGNING_KEYS);
  return c.json(ring.jwks(Date.now()), 200, { "Cache-Control": "public, max-age=300" });
});
