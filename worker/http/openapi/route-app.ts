import { OpenAPIHono } from "@hono/zod-openapi";
import type { ValidationTargets } from "hono";
import { AppError } from "../../kernel/lib/errors.ts";
import type { AppEnv } from "../types.ts";
import { toFieldErrors } from "../validate.ts";

const PART: Partial<Record<keyof ValidationTargets, string>> = {
  json: "body",
  form: "form",
  query: "query string",
  header: "headers",
};

/**
 * What every route file starts from: an OpenAPIHono whose validation failures are the one
 * envelope. A path id that fails is NOT_FOUND (its refinement says what was not found); any other
 * part is VALIDATION_FAILED with the fields.
 */
export function routeApp() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      if (result.target === "param") {
        throw new AppError("NOT_FOUND", result.error.issues[0]?.message ?? "Not found");
      }
      throw new AppError(
        "VALIDATION_FAILED",
        `The request ${PART[result.target] ?? result.target} is invalid; see fields`,
        {
          fields: toFieldErrors(result.error),
        },
      );
    },
  });
}

export type RouteApp = ReturnType<typeof routeApp>;
