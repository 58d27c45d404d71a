import { describe, expect, it } from "vitest";
import { loadConfig } from "../../worker/kernel/config.ts";
import { createLogger } from "../../worker/kernel/lib/logger.ts";
import { paymentsSetup } from "../../worker/kernel/payments/config.ts";
import { fakeEnv } from "../support/fake-env.ts";

const KEY_SECRET = "rzp-key-secret-VALUE-1234";
const WEBHOOK_SECRET = "rzp-webhook-secret-VALUE-5678";
const razorpayEnv = {
  PAYMENTS_ENABLED: "true",
  RAZORPAY_KEY_ID: "rzp_test_AbCdEf123456",
  RAZORPAY_KEY_SECRET: KEY_SECRET,
  RAZORPAY_WEBHOOK_SECRETS: WEBHOOK_SECRET,
  RAZORPAY_API_BASE: "http://127.0.0.1:4010/",
  RAZORPAY_CHECKOUT_SCRIPT: "http://127.0.0.1:4010/v1/checkout.js",
};

// Production also requires the notification secrets; they are not what these tests are about.
const productionNotificationEnv = {
  EMAIL_API_KEY: "re_test_key",
  LINK_SIGNING_SECRET: "x".repeat(32),
  WEBHOOK_SECRETS_KEY: btoa("k".repeat(32)),
};

function setupFor(overrides: Record<string, unknown>) {
  const loaded = loadConfig(fakeEnv(overrides));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return paymentsSetup(loaded.config);
}

describe("paymentsSetup", () => {
  it("is off when PAYMENTS_ENABLED is false, whatever else is set", () => {
    expect(setupFor({})).toEqual({ state: "off" });
  });

  it("is on with every Razorpay setting present; defaults the hold cap to 2", () => {
    const s = setupFor(razorpayEnv);
    expect(s.state).toBe("on");
    if (s.state !== "on") return;
    expect(s.razorpay).toMatchObject({ keyId: "rzp_test_AbCdEf123456", apiBase: "http://127.0.0.1:4010" });
    expect(s.razorpay.webhookSecrets).toEqual([WEBHOOK_SECRET]);
    expect(s.maxUnpaidHoldsPerPatient).toBe(2);
  });

  it("accepts two webhook secrets during rotation", () => {
    const s = setupFor({ ...razorpayEnv, RAZORPAY_WEBHOOK_SECRETS: `${WEBHOOK_SECRET}, previous-secret-0001` });
    expect(s.state === "on" && s.razorpay.webhookSecrets).toEqual([WEBHOOK_SECRET, "previous-secret-0001"]);
  });

  it("turns payments off, naming each missing secret, when PAYMENTS_ENABLED=true without them", () => {
    const s = setupFor({ ...razorpayEnv, RAZORPAY_KEY_SECRET: undefined, RAZORPAY_WEBHOOK_SECRETS: "" });
    expect(s).toEqual({
      state: "misconfigured",
      issues: [
        { setting: "RAZORPAY_KEY_SECRET", message: "is required when PAYMENTS_ENABLED=true" },
        { setting: "RAZORPAY_WEBHOOK_SECRETS", message: "is required when PAYMENTS_ENABLED=true" },
      ],
    });
  });

  it("keeps the rest of the configuration valid when only payments are misconfigured", () => {
    expect(loadConfig(fakeEnv({ PAYMENTS_ENABLED: "true" })).ok).toBe(true);
  });

  it("refuses three webhook secrets, a malformed key id and a plain-http API in production", () => {
    const s = setupFor({
      ...razorpayEnv,
      ...productionNotificationEnv,
      APP_ENV: "production",
      RAZORPAY_KEY_ID: "not-a-key",
      RAZORPAY_WEBHOOK_SECRETS: "aaaaaaaa1,bbbbbbbb2,cccccccc3",
    });
    expect(s.state === "misconfigured" && s.issues.map((i) => i.setting)).toEqual([
      "RAZORPAY_KEY_ID",
      "RAZORPAY_WEBHOOK_SECRETS",
      "RAZORPAY_API_BASE",
      "RAZORPAY_CHECKOUT_SCRIPT",
    ]);
  });

  it("refuses a test key in production", () => {
    const s = setupFor({
      ...razorpayEnv,
      ...productionNotificationEnv,
      APP_ENV: "production",
      RAZORPAY_API_BASE: "https://api.razorpay.com",
      RAZORPAY_CHECKOUT_SCRIPT: "https://checkout.razorpay.com/v1/checkout.js",
    });
    expect(s).toEqual({
      state: "misconfigured",
      issues: [{ setting: "RAZORPAY_KEY_ID", message: "is a test key in production" }],
    });
  });

  it("never lets a secret value reach a log line, even when a whole config or setup is logged", () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (l) => lines.push(l) });
    const loaded = loadConfig(fakeEnv(razorpayEnv));
    if (!loaded.ok) throw new Error("config");
    log.info("config", { config: loaded.config, setup: paymentsSetup(loaded.config) });
    log.info("verify", { razorpay_signature: "abc123signature", contact: "+919000090000" });
    const out = lines.join("\n");
    expect(out).toContain("rzp_test_AbCdEf123456");
    for (const secret of [KEY_SECRET, WEBHOOK_SECRET, "abc123signature", "+919000090000"]) {
      expect(out).not.toContain(secret);
    }
  });
});
