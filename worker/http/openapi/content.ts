import type { z } from "@hono/zod-openapi";

/** A JSON response of the given schema. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A required JSON request body (an absent or non-JSON body fails validation, never skips it). */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

/** Routes behind requireRole: a bearer access token, or a clinic's `pe_…` API key. */
export const bearer = [{ bearer: [] }];
