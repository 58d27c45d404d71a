import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, inject, it } from "vitest";
import { api, token } from "../support/api.ts";
import { attachDoctor, createClinic, issueKey } from "../support/clinics.ts";
import { requireServiceEnv } from "../support/service-env.ts";

/**
 * Schemathesis against the running Worker: every clinic route (clinic API, FHIR view, the
 * appointment transitions clinics may call) and the public routes, with a real clinic key. It
 * fails on any 5xx and on any answer that breaks the OpenAPI document (status, content type,
 * body schema). Bounded: FUZZ_EXAMPLES cases per operation and a hard deadline.
 */
const OPERATIONS = [
  "^/api/health",
  "^/api/fhir/r4/",
  "^/api/v1/clinic/",
  "^/api/v1/doctors(/\\{doctorId\\}(/slots)?)?$",
  "^/api/v1/photos/",
  "^/api/v1/calendar/",
  "^/api/v1/appointments/\\{id\\}(/cancel|/reschedule)?$",
  "^/api/v1/auth/(register|login|refresh)$",
  "^/appointment-links/",
  "^/\\.well-known/",
].join("|");
const CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance";
const EXAMPLES = process.env.FUZZ_EXAMPLES ?? "15";
const DEADLINE_MS = Number(process.env.FUZZ_DEADLINE_SECONDS ?? 420) * 1000;

it("finds no server error and no answer outside the OpenAPI document on clinic and public routes", async () => {
  const url = inject("workerUrl");
  const call = api(url);
  const admin = await token("admin", "admin");
  const clinic = await createClinic(call, admin, "Fuzz Clinic");
  const doctors = await call<{ doctors: { id: string }[] }>("GET", "/api/v1/doctors");
  for (const d of doctors.body.doctors.slice(0, 2)) await attachDoctor(call, admin, clinic.id, d.id);
  const { key } = await issueKey(call, admin, clinic.id, "fuzz");

  const reportDir = join(requireServiceEnv().runDir, "schemathesis");
  mkdirSync(reportDir, { recursive: true });
  const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
  const args = [
    "run",
    `${url}/api/openapi.json`,
    "--url",
    url,
    "--include-path-regex",
    OPERATIONS,
    "--checks",
    CHECKS,
    "--phases",
    "examples,coverage,fuzzing",
    "--max-examples",
    EXAMPLES,
    "--seed",
    seed,
    "--workers",
    "2",
    "--request-timeout",
    "30",
    "--header",
    `Authorization: Bearer ${key}`,
    "--generation-allow-x00",
    "false",
    "--report",
    "junit,ndjson",
    "--report-dir",
    reportDir,
    "--no-color",
  ];
  const output: string[] = [];
  const code = await new Promise<number>((resolve) => {
    // Its cache (.schemathesis/) lands in the run's folder, not in the repository.
    const child = spawn(inject("schemathesis"), args, { cwd: reportDir, env: { ...process.env, NO_COLOR: "1" } });
    const timer = setTimeout(() => child.kill("SIGTERM"), DEADLINE_MS);
    for (const stream of [child.stdout, child.stderr]) {
      stream.on("data", (chunk: Buffer) => {
        process.stdout.write(chunk);
        output.push(chunk.toString());
      });
    }
    child.on("exit", (exitCode, signal) => {
      clearTimeout(timer);
      resolve(exitCode ?? (signal ? 124 : 1));
    });
  });
  const text = output.join("");
  // The junit report is the artifact kept with the run (.data/test-run*/schemathesis/).
  // (schemathesis stamps the file names with the run's time).
  const junitFile = readdirSync(reportDir).find((f) => f.startsWith("junit") && f.endsWith(".xml"));
  expect(junitFile, `no JUnit report in ${reportDir}`).toBeDefined();
  const junit = readFileSync(join(reportDir, junitFile ?? ""), "utf8");
  expect(junit).toContain("<testsuite");
  expect(text, `schemathesis (seed ${seed}) found failures; see ${reportDir}`).not.toMatch(/\bFAILURES\b/);
  expect(code, `schemathesis exited ${code} (seed ${seed}); see ${reportDir}`).toBe(0);
}, 600_000);
