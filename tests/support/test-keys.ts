import { adminAccountsSecret, generateSigningKey, randomPassword, signingKeysSecret } from "../../scripts/auth-keys.ts";
import { adminIdOf } from "../../worker/kernel/auth/admins.ts";
import { type KeyRing, keyRing, SigningKeys } from "../../worker/kernel/auth/signing-keys.ts";

/**
 * Test key material, generated at run time (never committed). `npm test` (scripts/test.ts) makes
 * it once per run and hands it to every layer through the environment, so the Worker under test
 * and the tests that mint tokens for it share the same keys and the same admin.
 */
export const TEST_ISSUER = "https://prescripto-edge.test";
export const TEST_AUDIENCE = "prescripto-api-test";
export const TEST_ADMIN = { email: "admin@tests.prescripto.test", name: "Test Admin" } as const;
/** Encrypts webhook secrets at rest in every layer's Worker (base64 of 32 bytes; test-only). */
export const TEST_WEBHOOK_SECRETS_KEY = "dGVzdC13ZWJob29rLXNlY3JldHMta2V5LTMyYnl0ZXM=";

/** The variables scripts/test.ts exports before starting any layer. */
export async function prepareTestAuthEnv(): Promise<Record<string, string>> {
  const password = randomPassword();
  return {
    TEST_AUTH_SIGNING_KEYS: signingKeysSecret([generateSigningKey(`test-${Date.now().toString(36)}`)]),
    TEST_ADMIN_PASSWORD: password,
    TEST_ADMIN_ACCOUNTS: await adminAccountsSecret([{ ...TEST_ADMIN, password }]),
  };
}

/** The signing keys of this run (a fresh pair for this process when run outside `npm test`). */
export function testSigningKeys(): string {
  process.env.TEST_AUTH_SIGNING_KEYS ??= signingKeysSecret([generateSigningKey("test-local")]);
  return process.env.TEST_AUTH_SIGNING_KEYS;
}

/** The test admin's accounts secret and password; only `npm test` makes them (hashing is async). */
export function testAdmin(): { accounts: string; password: string; email: string } {
  const accounts = process.env.TEST_ADMIN_ACCOUNTS;
  const password = process.env.TEST_ADMIN_PASSWORD;
  if (!accounts || !password) {
    throw new Error("TEST_ADMIN_ACCOUNTS is not set: run this layer through `npm test -- <layer>`.");
  }
  return { accounts, password, email: TEST_ADMIN.email };
}

export function testAdminId(): Promise<string> {
  return adminIdOf(TEST_ADMIN.email);
}

let ring: Promise<KeyRing> | undefined;

export function testKeyRing(): Promise<KeyRing> {
  ring ??= keyRing(SigningKeys.parse(testSigningKeys()));
  return ring;
}

/** The signing key as configured, for tests that forge tokens by hand. */
export function testSigningKeyEntry() {
  const [first] = SigningKeys.parse(testSigningKeys());
  if (!first) throw new Error("no test signing key");
  return first;
}
