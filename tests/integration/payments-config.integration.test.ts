import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import { requireServiceEnv } from "../support/service-env.ts";
import { startTestWorker, workerVars } from "../support/worker-setup.ts";

interface Health {
  status: string;
  failing: string[];
  checks: Record<string, { ok: boolean; error?: string; detail?: Record<string, unknown> }>;
}

describe("payments configuration in /api/health", () => {
  let noKeySecret: WorkerProcess;
  const webhookSecret = requireServiceEnv().razorpay.webhookSecret;

  beforeAll(async () => {
    noKeySecret = await startTestWorker(
      "payments-no-key-secret",
      workerVars("prescripto_test_payments_cfg", { PAYMENTS_ENABLED: "true", RAZORPAY_KEY_SECRET: "" }),
    );
  });
  afterAll(async () => {
    await noKeySecret?.stop();
  });

  it("reports payments as off (and healthy) when PAYMENTS_ENABLED is false", async () => {
    const body = (await (await fetch(`${inject("workerUrl")}/api/health`)).json()) as Health;
    expect(body.checks.payments).toMatchObject({ ok: true, detail: { state: "off" } });
  });

  it("turns payments off with a 503 naming the missing secret when PAYMENTS_ENABLED=true without it", async () => {
    const res = await fetch(`${noKeySecret.url}/api/health`);
    const body = (await res.json()) as Health;
    expect(res.status).toBe(503);
    expect(body.failing).toEqual(["payments"]);
    expect(body.checks.payments?.error).toBe(
      "payments are off: RAZORPAY_KEY_SECRET is required when PAYMENTS_ENABLED=true",
    );
    expect(JSON.stringify(body)).not.toContain(webhookSecret);
  });

  it("keeps everything that needs no payment working", async () => {
    expect((await fetch(`${noKeySecret.url}/api/v1/doctors`)).status).toBe(200);
  });
});
