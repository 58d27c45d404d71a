import { z } from "zod";
import type { AppConfig, ConfigIssue } from "../config.ts";

/**
 * Whether payments can run, derived from the parsed configuration. A payments setting that is
 * missing or malformed does not take the whole Worker down (free bookings, browsing and sign-in
 * keep working); it turns payments into `misconfigured`, which callers must treat as "refuse
 * anything that needs payment" and which /api/health reports by setting name. Nothing here ever
 * falls back to accepting a payment it cannot verify.
 */
export interface RazorpaySettings {
  keyId: string;
  keySecret: string;
  /** Current first; a second one is accepted while the old secret is being retired. */
  webhookSecrets: string[];
  apiBase: string;
  checkoutScript: string;
}

export type PaymentsSetup =
  | { state: "off" }
  | { state: "misconfigured"; issues: ConfigIssue[] }
  | { state: "on"; razorpay: RazorpaySettings; maxUnpaidHoldsPerPatient: number };

const KEY_ID = /^rzp_(test|live)_[A-Za-z0-9]{6,}$/;
const cache = new WeakMap<AppConfig, PaymentsSetup>();

const HttpUrl = (production: boolean) =>
  z.url({ protocol: production ? /^https$/ : /^https?$/ }).transform((u) => u.replace(/\/+$/, ""));

export function paymentsSetup(config: AppConfig): PaymentsSetup {
  const hit = cache.get(config);
  if (hit) return hit;
  const setup = derive(config);
  cache.set(config, setup);
  return setup;
}

function derive(config: AppConfig): PaymentsSetup {
  if (!config.PAYMENTS_ENABLED) return { state: "off" };
  const issues: ConfigIssue[] = [];
  const production = config.APP_ENV === "production" || config.APP_ENV === "staging";

  const keyId = config.RAZORPAY_KEY_ID;
  if (!keyId) issues.push({ setting: "RAZORPAY_KEY_ID", message: "is required when PAYMENTS_ENABLED=true" });
  else if (!KEY_ID.test(keyId))
    issues.push({ setting: "RAZORPAY_KEY_ID", message: "must look like rzp_test_… or rzp_live_…" });
  else if (config.APP_ENV === "production" && keyId.startsWith("rzp_test_")) {
    issues.push({ setting: "RAZORPAY_KEY_ID", message: "is a test key in production" });
  }

  const keySecret = config.RAZORPAY_KEY_SECRET;
  if (!keySecret) issues.push({ setting: "RAZORPAY_KEY_SECRET", message: "is required when PAYMENTS_ENABLED=true" });
  else if (keySecret.length < 8) issues.push({ setting: "RAZORPAY_KEY_SECRET", message: "is too short" });

  const webhookSecrets = config.RAZORPAY_WEBHOOK_SECRETS.split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (webhookSecrets.length === 0) {
    issues.push({ setting: "RAZORPAY_WEBHOOK_SECRETS", message: "is required when PAYMENTS_ENABLED=true" });
  } else if (webhookSecrets.length > 2) {
    issues.push({ setting: "RAZORPAY_WEBHOOK_SECRETS", message: "takes one or two comma-separated secrets" });
  } else if (webhookSecrets.some((s) => s.length < 8)) {
    issues.push({ setting: "RAZORPAY_WEBHOOK_SECRETS", message: "has a secret shorter than 8 characters" });
  }

  const apiBase = HttpUrl(production).safeParse(config.RAZORPAY_API_BASE);
  if (!apiBase.success) {
    issues.push({
      setting: "RAZORPAY_API_BASE",
      message: production ? "must be an https URL" : "must be an http(s) URL",
    });
  }
  const checkoutScript = HttpUrl(production).safeParse(config.RAZORPAY_CHECKOUT_SCRIPT);
  if (!checkoutScript.success) {
    issues.push({
      setting: "RAZORPAY_CHECKOUT_SCRIPT",
      message: production ? "must be an https URL" : "must be an http(s) URL",
    });
  }

  if (issues.length > 0 || !apiBase.success || !checkoutScript.success) return { state: "misconfigured", issues };
  return {
    state: "on",
    razorpay: {
      keyId,
      keySecret,
      webhookSecrets,
      apiBase: apiBase.data,
      checkoutScript: config.RAZORPAY_CHECKOUT_SCRIPT,
    },
    maxUnpaidHoldsPerPatient: config.MAX_UNPAID_HOLDS_PER_PATIENT,
  };
}
