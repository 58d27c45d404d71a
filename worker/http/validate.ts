import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { AppError, type FieldError } from "../kernel/lib/errors.ts";

const PART: Partial<Record<keyof ValidationTargets, string>> = {
  json: "body",
  form: "form",
  query: "query string",
  param: "path",
  header: "headers",
};

/**
 * Validation outside a declared route (scripts/bench-auth.ts measures it): the same envelope as the
 * routes' hook (openapi/route-app.ts), which every route uses instead.
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new AppError("VALIDATION_FAILED", `The request ${PART[target] ?? target} is invalid; see fields`, {
        fields: toFieldErrors(result.error),
      });
    }
  });
}

export function toFieldErrors(error: {
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>;
}): FieldError[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message }));
}
