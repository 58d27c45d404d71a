import { z } from "@hono/zod-openapi";
import { ACCEPTED_PHOTO_TYPES } from "../../kernel/domain/photo.ts";

const Binary = z.string().openapi({ format: "binary" });

/** A photo upload: the image itself as the body (the service sniffs and checks its type). */
export const photoUploadBody = {
  required: true,
  description: `The image bytes, Content-Type one of ${ACCEPTED_PHOTO_TYPES.join(", ")}`,
  content: Object.fromEntries(ACCEPTED_PHOTO_TYPES.map((type) => [type, { schema: Binary }])),
};

export const PhotoUrl = z.object({ photoUrl: z.string() });
