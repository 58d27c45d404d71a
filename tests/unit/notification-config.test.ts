import { describe, expect, it } from "vitest";
import { loadConfig } from "../../worker/kernel/config.ts";
import { fakeEnv } from "../support/fake-env.ts";

describe("notification settings", () => {
  it("need no email key or link secret locally, and default to Resend's API", () => {
    const result = loadConfig(fakeEnv());
    expect(result.ok && [result.config.EMAIL_API_BASE, result.config.EMAIL_API_KEY]).toEqual([
      "https://api.resend.com",
      undefined,
    ]);
  });

  it("name EMAIL_API_KEY, LINK_SIGNING_SECRET and WEBHOOK_SECRETS_KEY when a production deployment lacks them", () => {
    const result = loadConfig(fakeEnv({ APP_ENV: "production" }));
    expect(!result.ok && result.issues.map((i) => i.setting).sort()).toEqual([
      "EMAIL_API_KEY",
      "LINK_SIGNING_SECRET",
      "WEBHOOK_SECRETS_KEY",
    ]);
    const ok = loadConfig(
      fakeEnv({
        APP_ENV: "production",
        EMAIL_API_KEY: "re_live",
        LINK_SIGNING_SECRET: "s".repeat(32),
        WEBHOOK_SECRETS_KEY: btoa("k".repeat(32)),
      }),
    );
    expect(ok.ok).toBe(true);
  });

  it("refuses a short link secret and a malformed sender", () => {
    const result = loadConfig(fakeEnv({ LINK_SIGNING_SECRET: "short", EMAIL_FROM: "Prescripto <nope>" }));
    expect(!result.ok && result.issues.map((i) => i.setting).sort()).toEqual(["EMAIL_FROM", "LINK_SIGNING_SECRET"]);
  });
});
