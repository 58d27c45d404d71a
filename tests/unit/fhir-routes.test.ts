import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../worker/http/app.ts";
import { fakeEnv } from "../support/fake-env.ts";
import { assertFhir, loadFhirSchema } from "../support/fhir-schema.ts";

const app = createApp();
beforeAll(loadFhirSchema, 120_000);

async function fhirGet(path: string, headers: Record<string, string> = {}) {
  const res = await app.request(`/api/fhir/r4${path}`, { headers }, fakeEnv());
  expect(res.headers.get("Content-Type")).toMatch(/^application\/fhir\+json/);
  const body = (await res.json()) as {
    resourceType: string;
    issue?: { code: string; details: { coding: { code: string }[] } }[];
  };
  assertFhir(body);
  return { status: res.status, body, headers: res.headers };
}

describe("the FHIR view's HTTP surface", () => {
  it("answers the CapabilityStatement without a credential", async () => {
    const { status, body } = await fhirGet("/metadata");
    expect(status).toBe(200);
    expect(body.resourceType).toBe("CapabilityStatement");
  });

  it("refuses a search without a key with 401 as an OperationOutcome (login), keeping the challenge", async () => {
    const { status, body, headers } = await fhirGet("/Slot");
    expect(status).toBe(401);
    expect(body.resourceType).toBe("OperationOutcome");
    expect(body.issue?.[0]?.code).toBe("login");
    expect(body.issue?.[0]?.details.coding[0]?.code).toBe("UNAUTHENTICATED");
    expect(headers.get("WWW-Authenticate")).toContain("Bearer");
  });

  it("refuses a read by id without a key with 401 as an OperationOutcome", async () => {
    for (const path of ["/Appointment/apt.doc-a.x", "/Slot/doc-a.1", "/Schedule/doc-a", "/Practitioner/doc-a"]) {
      const { status, body } = await fhirGet(path);
      expect(status, path).toBe(401);
      expect(body.issue?.[0]?.code).toBe("login");
    }
  });

  it("answers resource types and interactions it does not support with 404 as an OperationOutcome", async () => {
    for (const path of ["/Patient", "/Patient/MRN_1", "/Practitioner", "/Slot/x/_history", "/Appointment/x/y"]) {
      const { status, body } = await fhirGet(path);
      expect(status, path).toBe(404);
      expect(body.issue?.[0]?.code).toBe("not-found");
    }
  });
});
