import { z } from "@hono/zod-openapi";
import { authErrors, commonErrors, errorResponses } from "./errors.ts";

/**
 * What every clinic route shares: the errors any API-key call can meet (a key over its quota is
 * 429 with `RateLimit`/`Retry-After`), the patient reference in paths, and page sizes.
 */
export const clinicErrors = { ...commonErrors, ...authErrors, ...errorResponses(429) };

export const PatientRefParams = z.object({
  ref: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "Patient not found")
    .openapi({ param: { name: "ref", in: "path" }, example: "MRN-1042" }),
});

export const PageLimit = z.coerce.number().int().min(1).max(100).default(50).openapi({ example: 50 });
export const Cursor = z
  .string()
  .max(512)
  .optional()
  .openapi({ description: "The nextCursor of the previous page (opaque)" });
