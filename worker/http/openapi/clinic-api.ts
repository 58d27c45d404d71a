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

/** The quota headers every successful API-key answer carries (draft-ietf-httpapi-ratelimit-headers). */
const quotaHeaders = {
  RateLimit: {
    description: 'What is left of the key\'s quota: `"key";r=<remaining>;t=<seconds until it resets>`',
    schema: { type: "string" as const, example: '"key";r=599;t=42' },
  },
  "RateLimit-Policy": {
    description: 'The key\'s quota: `"key";q=<requests>;w=<window seconds>`',
    schema: { type: "string" as const, example: '"key";q=600;w=60' },
  },
};

/** A JSON answer of a clinic route, with the quota headers documented. */
export const clinicJson = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  headers: quotaHeaders,
  content: { "application/json": { schema } },
});
