import { createRoute, z } from "@hono/zod-openapi";
import { parsePhotoKey } from "../../kernel/domain/photo.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { PHOTO_CACHE_CONTROL } from "../../kernel/services/doctor-photo.ts";
import { commonErrors } from "../openapi/errors.ts";
import { PhotoParams } from "../openapi/params.ts";
import { routeApp } from "../openapi/route-app.ts";

const Binary = z.string().openapi({ format: "binary" });

const photo = createRoute({
  method: "get",
  path: "/{key}",
  tags: ["doctors"],
  summary: "A doctor's photo (content-addressed, immutable)",
  request: { params: PhotoParams },
  responses: {
    200: {
      description: "The image",
      content: { "image/jpeg": { schema: Binary }, "image/png": { schema: Binary }, "image/webp": { schema: Binary } },
    },
    304: { description: "Not modified (If-None-Match matched the ETag)" },
    ...commonErrors,
  },
});

/**
 * Doctor photos from R2. Keys are content-addressed, so a response never changes: cached for a
 * year as immutable, with the object's ETag for conditional requests (304).
 */
export const photosRoutes = routeApp().openapi(photo, async (c) => {
  const { key } = c.req.valid("param");
  const type = parsePhotoKey(key)?.type ?? "application/octet-stream";
  const object = await c.env.PHOTOS.get(key, { onlyIf: c.req.raw.headers });
  if (!object) throw new AppError("NOT_FOUND", "Photo not found");
  const headers = new Headers({
    ETag: object.httpEtag,
    "Cache-Control": PHOTO_CACHE_CONTROL,
    "Content-Type": type,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  });
  // A failed precondition (If-None-Match matched) gives the object without its body.
  if (!("body" in object)) return new Response(null, { status: 304, headers });
  headers.set("Content-Length", String(object.size));
  return new Response(object.body, { status: 200, headers });
});
