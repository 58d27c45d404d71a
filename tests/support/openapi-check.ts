import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { createApp } from "../../worker/http/app.ts";
import { openApiDocument } from "../../worker/http/openapi/document.ts";

/**
 * Checks an API answer against the OpenAPI document the Worker publishes: the status must be one
 * the operation declares, and a JSON body must match that status's schema. Built from the same
 * route definitions in this process (no server), so every integration test that goes through the
 * shared request helper checks the contract of each route it calls.
 */
type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };

const DOC_ID = "openapi.json";
let state: { ajv: Ajv2020; routes: { method: string; pattern: RegExp; params: number; op: Operation }[] } | undefined;
const compiled = new Map<string, ValidateFunction>();

function load() {
  if (state) return state;
  const doc = JSON.parse(
    JSON.stringify(openApiDocument(createApp())).replaceAll('"#/components/', `"${DOC_ID}#/components/`),
  ) as { paths: Record<string, Record<string, Operation>>; components: unknown };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: DOC_ID, components: doc.components });
  const routes = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      pattern: new RegExp(`^${path.replaceAll(/\{[^}]+\}/g, "[^/]+")}$`),
      params: (path.match(/\{/g) ?? []).length,
      op,
    })),
  );
  // The most literal path wins (e.g. /dead-letters/redrive over a /{id} beside it).
  routes.sort((a, b) => a.params - b.params);
  state = { ajv, routes };
  return state;
}

/** Throws, naming the route and the mismatch, when an answer breaks its declared contract. */
export function assertMatchesContract(
  method: string,
  url: string,
  status: number,
  contentType: string | null,
  body: unknown,
): void {
  const { ajv, routes } = load();
  const path = new URL(url).pathname;
  const route = routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
  // Unknown paths and methods (404/405 from the router) have no operation to check against.
  if (!route) return;
  const response = route.op.responses[String(status)] ?? route.op.responses.default;
  const where = `${method} ${path} → ${status}`;
  if (!response) {
    throw new Error(`${where}: status not declared (declared: ${Object.keys(route.op.responses).join(", ")})`);
  }
  if (!contentType?.includes("json") || status === 204 || status === 304) return;
  const schema = response.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`${where}: answered JSON, but no JSON body is declared`);
  const key = `${route.method} ${route.pattern.source} ${status}`;
  let check = compiled.get(key);
  if (!check) {
    check = ajv.compile(schema as object);
    compiled.set(key, check);
  }
  if (!check(body)) {
    throw new Error(
      `${where}: body does not match its schema: ${ajv.errorsText(check.errors)}\n${JSON.stringify(body).slice(0, 500)}`,
    );
  }
}
