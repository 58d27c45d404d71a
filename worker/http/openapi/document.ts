import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../types.ts";

export const OPENAPI_PATH = "/api/openapi.json";

type Document = ReturnType<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>;
const built = new WeakMap<object, Document>();

/**
 * The whole API as OpenAPI 3.1, generated from the routes' own definitions (the same schemas that
 * validate requests), once per app. `npm run openapi` writes the web client's types from it.
 */
export function openApiDocument(app: OpenAPIHono<AppEnv>): Document {
  let doc = built.get(app);
  if (!doc) {
    app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
      type: "http",
      scheme: "bearer",
      description: "An access token (JWT) from /api/v1/auth, or a clinic's API key (pe_…)",
    });
    doc = app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: {
        title: "Prescripto Edge API",
        version: "1",
        description:
          "Doctor appointments. Errors are one envelope {error:{code,message,requestId,fields?}}; " +
          "every mutation accepts Idempotency-Key.",
      },
    });
    built.set(app, doc);
  }
  return doc;
}
