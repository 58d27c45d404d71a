import { describe, expect, it } from "vitest";
import { adminAccountsSecret, generateSigningKey, signingKeysSecret } from "../../scripts/auth-keys.ts";
import { AdminAccounts, adminDirectory, adminIdOf } from "../../worker/kernel/auth/admins.ts";
import { PBKDF2_MIN_ITERATIONS } from "../../worker/kernel/auth/passwords.ts";
import { accountOfRefreshToken, hashRefreshToken, mintRefreshToken } from "../../worker/kernel/auth/refresh-token.ts";
import { loadConfig } from "../../worker/kernel/config.ts";
import { fakeEnv } from "../support/fake-env.ts";

const settingsFailing = (overrides: Record<string, unknown>) => {
  const result = loadConfig(fakeEnv(overrides));
  return result.ok ? [] : result.issues.map((i) => i.setting);
};

describe("auth configuration", () => {
  it("names an invalid AUTH_SIGNING_KEYS, ADMIN_ACCOUNTS or token lifetime", () => {
    expect(settingsFailing({ AUTH_SIGNING_KEYS: undefined })).toEqual(["AUTH_SIGNING_KEYS"]);
    expect(settingsFailing({ AUTH_SIGNING_KEYS: "secret" })).toEqual(["AUTH_SIGNING_KEYS"]);
    expect(settingsFailing({ ADMIN_ACCOUNTS: '[{"email":"a@b.test","name":"A","passwordHash":"plain"}]' })).toEqual([
      "ADMIN_ACCOUNTS",
    ]);
    expect(settingsFailing({ ACCESS_TOKEN_TTL_SECONDS: "3600" })).toEqual(["ACCESS_TOKEN_TTL_SECONDS"]);
    expect(settingsFailing({ AUTH_ISSUER: "" })).toEqual(["AUTH_ISSUER"]);
  });

  it("does not put the secret's content in the reported message", () => {
    const key = generateSigningKey("dup");
    const result = loadConfig(fakeEnv({ AUTH_SIGNING_KEYS: signingKeysSecret([key, key]) }));
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(key.privateJwk.d);
  });
});

describe("admins from configuration", () => {
  it("normalizes emails, derives a stable id per email and finds admins by either", async () => {
    const secret = await adminAccountsSecret(
      [{ email: "Root@Example.TEST ", name: "Root", password: "a-long-admin-passphrase" }],
      PBKDF2_MIN_ITERATIONS,
    );
    const config = AdminAccounts.parse(secret);
    expect(config[0]?.email).toBe("root@example.test");
    const dir = await adminDirectory(config);
    const id = await adminIdOf("root@example.test");
    expect(id).toMatch(/^adm_[0-9a-f]{24}$/);
    expect(dir.byEmail("root@example.test")?.id).toBe(id);
    expect(dir.byId(id)?.name).toBe("Root");
    expect(dir.byId(await adminIdOf("other@example.test"))).toBeNull();
    expect(await adminIdOf("root@example.test")).toBe(id);
  });

  it("refuses duplicate emails and hashes not in our format", async () => {
    const one = { email: "a@b.test", name: "A", passwordHash: "$2b$10$abcdefghijklmnopqrstuv" };
    expect(AdminAccounts.safeParse(JSON.stringify([one])).success).toBe(false);
    const hashed = JSON.parse(
      await adminAccountsSecret([{ email: "a@b.test", name: "A", password: "x" }], PBKDF2_MIN_ITERATIONS),
    );
    expect(AdminAccounts.safeParse(JSON.stringify([...hashed, ...hashed])).success).toBe(false);
    expect(AdminAccounts.safeParse(JSON.stringify(hashed)).success).toBe(true);
  });
});

describe("refresh tokens", () => {
  it("name their account, are random, and hash to a stable hex digest", async () => {
    const a = mintRefreshToken("usr_0b7f3a52-8f0e-4d4c-9a51-3e2b8b0f6c1d");
    const b = mintRefreshToken("usr_0b7f3a52-8f0e-4d4c-9a51-3e2b8b0f6c1d");
    expect(a).not.toBe(b);
    expect(accountOfRefreshToken(a)).toBe("usr_0b7f3a52-8f0e-4d4c-9a51-3e2b8b0f6c1d");
    expect(await hashRefreshToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashRefreshToken(a)).toBe(await hashRefreshToken(a));
    expect(await hashRefreshToken(a)).not.toBe(await hashRefreshToken(b));
  });

  it("are not accepted in any other shape", () => {
    const good = mintRefreshToken("adm_0123456789abcdef01234567");
    expect(accountOfRefreshToken(good)).toBe("adm_0123456789abcdef01234567");
    for (const bad of [`${good}x`, good.slice(0, -1), good.replace("rt1.", "rt2."), "rt1.evil_x.abc", "", `${good}.`]) {
      expect(accountOfRefreshToken(bad)).toBeNull();
    }
  });
});
