import { beforeAll, describe, inject, it } from "vitest";
import { api, token } from "../support/api.ts";
import { expectDenied } from "../support/security.ts";

/** Operations routes are for admins only: 401 without a token, 403 for every other role. */
const call = api(inject("workerUrl"));

const routes: { method: string; path: string; body?: unknown }[] = [
  { method: "GET", path: "/api/v1/admin/doctors/doc_anyone/ledger" },
  { method: "GET", path: "/api/v1/admin/dead-letters" },
  { method: "POST", path: "/api/v1/admin/dead-letters/redrive", body: {} },
];

let others: string[];
beforeAll(async () => {
  others = [await token("adm_sec_patient"), await token("usr_doc_adm-sec", "doctor", "doc_adm-sec")];
});

describe("admin operations routes", () => {
  for (const r of routes) {
    it(`${r.method} ${r.path}: 401 without a token, 403 for a patient and a doctor`, async () => {
      await expectDenied(call(r.method, r.path, { body: r.body }), 401, "UNAUTHENTICATED");
      for (const t of others) await expectDenied(call(r.method, r.path, { token: t, body: r.body }), 403, "FORBIDDEN");
    });
  }
});
