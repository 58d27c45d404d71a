import { z } from "@hono/zod-openapi";

export const FHIR_JSON = "application/fhir+json";

/**
 * The OpenAPI shapes of the FHIR answers: enough to describe them (the FHIR R4 JSON schema,
 * which the tests validate against, is the full contract). Extra FHIR elements are allowed.
 */
const Resource = z.looseObject({ resourceType: z.string(), id: z.string().optional() });

/** A read's answer: one resource of the type in the path. */
export const FhirResource = z.looseObject({ resourceType: z.string(), id: z.string() }).openapi("FhirResource");

export const Bundle = z
  .looseObject({
    resourceType: z.literal("Bundle"),
    type: z.literal("searchset"),
    total: z.number().int().min(0).optional(),
    link: z.array(z.object({ relation: z.enum(["self", "next"]), url: z.string() })),
    entry: z.array(
      z.looseObject({ fullUrl: z.string(), resource: Resource, search: z.object({ mode: z.literal("match") }) }),
    ),
  })
  .openapi("FhirBundle");

export const OperationOutcomeView = z
  .looseObject({
    resourceType: z.literal("OperationOutcome"),
    issue: z
      .array(z.looseObject({ severity: z.enum(["fatal", "error", "warning", "information"]), code: z.string() }))
      .min(1),
  })
  .openapi("FhirOperationOutcome");

export const CapabilityStatementView = z
  .looseObject({
    resourceType: z.literal("CapabilityStatement"),
    status: z.string(),
    fhirVersion: z.literal("4.0.1"),
    kind: z.string(),
    format: z.array(z.string()),
    rest: z.array(z.looseObject({ mode: z.literal("server") })),
  })
  .openapi("FhirCapabilityStatement");

/**
 * A search's query parameters for the document. Values are strings in FHIR's own grammar, parsed
 * by the kernel; a parameter may repeat (date=ge…&date=lt…), so each is a string or a list.
 */
export function fhirQuery(params: Record<string, string>) {
  const repeatable = (description: string) =>
    z
      .union([z.string(), z.array(z.string())])
      .optional()
      .openapi({ description });
  const shape: Record<string, ReturnType<typeof repeatable>> = {};
  for (const [name, description] of Object.entries(params)) shape[name] = repeatable(description);
  shape._count = repeatable("Page size, 1-100 (default 20)");
  shape._page = repeatable("Opaque token from the previous Bundle's next link");
  return z.object(shape);
}
