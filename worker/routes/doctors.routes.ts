import { Hono } from "hono";
import { z } from "zod";
import { mongoGateway, unwrap } from "../adapters/mongo-gateway.ts";
import { cacheAside, createRedis } from "../adapters/redis.ts";
import { validate } from "../lib/validate.ts";
import type { AppEnv } from "../types.ts";

const ListQuery = z.object({
  speciality: z.string().trim().min(1).max(60).optional(),
});

/** Public doctor directory. Served from Redis (cache-aside over MongoDB) and cacheable at the edge. */
export const doctorsRoutes = new Hono<AppEnv>().get("/", validate("query", ListQuery), async (c) => {
  const { speciality } = c.req.valid("query");
  const config = c.get("config");
  const key = `doctors:list:v1:${speciality ? encodeURIComponent(speciality.toLowerCase()) : "*"}`;
  const { value, cache } = await cacheAside({
    redis: createRedis(config),
    key,
    ttlSeconds: config.DOCTORS_CACHE_TTL_SECONDS,
    log: c.get("log"),
    waitUntil: (p) => c.executionCtx.waitUntil(p),
    load: async () => unwrap(await mongoGateway(c.env, config).listDoctors(speciality ? { speciality } : {})),
  });
  return c.json(value, 200, {
    "Cache-Control": "public, max-age=30, s-maxage=60, stale-while-revalidate=60",
    "X-Cache": cache,
  });
});
