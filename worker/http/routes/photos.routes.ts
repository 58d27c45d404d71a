import { Hono } from "hono";
import { parsePhotoKey } from "../../kernel/domain/photo.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { PHOTO_CACHE_CONTROL } from "../../kernel/services/doctor-photo.ts";
import type { AppEnv } from "../types.ts";

/**
 * Doctor photos from R2. Keys are content-addressed, so a response never changes: cached for a
 * year as immutable, with the object's ETag for conditional requests (304).
 */
export const photosRoutes = new Hono<AppEnv>().get("/:key", async (c) => {
  const key = c.req.param("key");
  const parsed = parsePhotoKey(key);
  if (!parsed) throw new AppError("NOT_FOUND", "Photo not found");
  const object = await c.env.PHOTOS.get(key, { onlyIf: c.req.raw.headers });
  if (!object) throw new AppError("NOT_FOUND", "Photo not found");
  const headers = new Headers({
    ETag: object.httpEtag,
    "Cache-Control": PHOTO_CACHE_CONTROL,
    "Content-Type": parsed.type,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  });
  // A failed precondition (If-None-Match matched) gives the object without its body.
  if (!("body" in object)) return new Response(null, { status: 304, headers });
  headers.set("Content-Length", String(object.size));
  return new Response(object.body, { status: 200, headers });
});
