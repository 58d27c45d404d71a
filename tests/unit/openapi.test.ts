import { validate as validateOpenApi } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/http/app.ts";
import { DOCS_PATH } from "../../worker/http/docs/docs-page.ts";
import { OPENAPI_PATH, openApiDocument } from "../../worker/http/openapi/document.ts";
import { fakeEnv } from "../support/fake-env.ts";

const METHODS = new Set(["get", "put", "post", "delete", "patch"]);
const app = createApp();
const doc = openApiDocument(app);

/** The document's operations as "METHOD /path/:param", the router's spelling. */
function documented(): Set<string> {
  const ops = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of Object.keys(item ?? {})) {
      if (METHODS.has(method)) ops.add(`${method.toUpperCase()} ${path.replaceAll(/\{([^}]+)\}/g, ":$1")}`);
    }
  }
  return ops;
}

describe("the OpenAPI document", () => {
  it("lists every route the app mounts, and nothing it does not", () => {
    const mounted = new Set(
      app.routes
        .filter((r) => METHODS.has(r.method.toLowerCase()) && r.path !== OPENAPI_PATH && r.path !== DOCS_PATH)
        .map((r) => `${r.method} ${r.path}`),
    );
    expect(mounted.size).toBeGreaterThan(30);
    expect([...mounted].filter((r) => !documented().has(r)).sort()).toEqual([]);
    expect([...documented()].filter((r) => !mounted.has(r)).sort()).toEqual([]);
  });

  it("is valid OpenAPI 3.1 according to a validator", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await validateOpenApi(structuredClone(doc) as never);
    if (!result.valid) expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("declares the one error envelope, with its codes, for every operation", () => {
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item ?? {})) {
        if (!METHODS.has(method)) continue;
        const responses = (op as { responses: Record<string, { content?: Record<string, { schema: unknown }> }> })
          .responses;
        expect(Object.keys(responses)).toContain("500");
        // The FHIR view answers FHIR's own error resource (OperationOutcome), not the envelope.
        const error500 = path.startsWith("/api/fhir/") ? "FhirOperationOutcome" : "Error500";
        expect(JSON.stringify(responses["500"])).toContain(`#/components/schemas/${error500}`);
      }
    }
    const error400 = JSON.stringify(doc.components?.schemas?.Error400);
    expect(error400).toContain("VALIDATION_FAILED");
    expect(error400).toContain("MALFORMED_JSON");
  });

  it("is served at /api/openapi.json", async () => {
    const res = await app.request(OPENAPI_PATH, {}, fakeEnv());
    expect(res.status).toBe(200);
    const served = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(served.openapi).toBe("3.1.0");
    expect(Object.keys(served.paths)).toContain("/api/v1/appointments");
  });
});
