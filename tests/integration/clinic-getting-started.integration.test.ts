import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { gettingStarted } from "../../clients/ts/examples/getting-started.ts";
import { attachDoctor, createClinic, issueKey } from "../support/clinics.ts";
import { allDaySchedule, onboard } from "../support/onboarding.ts";
import { assertMatchesContract } from "../support/openapi-check.ts";
import { ownWorker } from "../support/own-worker.ts";

const worker = ownWorker("clinic-getting-started");
let apiKey: string;

/** The typed client's fetch, with every answer checked against the OpenAPI document. */
async function checkedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const response = await fetch(request);
  const text = await response.clone().text();
  const body = text && response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : {};
  assertMatchesContract(request.method, request.url, response.status, response.headers.get("content-type"), body);
  return response;
}

beforeAll(async () => {
  const admin = await worker.token("admin", "admin");
  const clinic = await createClinic(worker.call, admin);
  const doctor = (await onboard(worker.call, admin, { schedule: allDaySchedule() })).doctor;
  await attachDoctor(worker.call, admin, clinic.id, doctor.id);
  apiKey = (await issueKey(worker.call, admin, clinic.id, "getting started")).key;
});

describe("the README's getting started for clinics", () => {
  it("runs end to end against a live Worker through the typed client", async () => {
    const lines: string[] = [];
    const result = await gettingStarted({ baseUrl: worker.url(), apiKey, fetch: checkedFetch as typeof fetch }, (l) =>
      lines.push(l),
    );
    expect(result.appointment.status).toBe("cancelled");
    expect(result.appointment.history.map((h) => h.type)).toContain("rescheduled");
    expect(lines.map((l) => l.split(":")[0])).toEqual([
      "doctor",
      "free slots",
      "patient",
      "booked",
      "rescheduled",
      "cancelled",
      "appointments listed",
    ]);
  });

  it("runs as the README's command, `npm run example:clinic`, under Node's type stripping", async () => {
    // The same file as a process: Node runs it with type stripping only (no parameter properties,
    // no enums), which the in-process import above cannot show.
    const root = join(import.meta.dirname, "..", "..");
    const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "example:clinic"], {
      cwd: root,
      env: { ...process.env, PRESCRIPTO_URL: worker.url(), PRESCRIPTO_API_KEY: apiKey },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^booked:/m);
    expect(stdout).toMatch(/^cancelled:/m);
  });
});
