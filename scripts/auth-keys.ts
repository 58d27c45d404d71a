import { generateKeyPairSync, randomBytes } from "node:crypto";
import { hashPassword } from "../worker/kernel/auth/passwords.ts";
import type { SigningKeyEntry } from "../worker/kernel/auth/signing-keys.ts";

/**
 * Key material for local runs, tests and the benchmark, made on this machine at run time and never
 * committed: ES256 signing keys in the `AUTH_SIGNING_KEYS` format and admin accounts in the
 * `ADMIN_ACCOUNTS` format (passwords hashed with the Worker's own password code).
 */
export function generateSigningKey(kid: string, retireAt?: string): SigningKeyEntry {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = privateKey.export({ format: "jwk" });
  return {
    kid,
    privateJwk: { kty: "EC", crv: "P-256", x: String(jwk.x), y: String(jwk.y), d: String(jwk.d) },
    ...(retireAt ? { retireAt } : {}),
  };
}

export function signingKeysSecret(keys: SigningKeyEntry[]): string {
  return JSON.stringify(keys);
}

export interface AdminCredentials {
  email: string;
  name: string;
  password: string;
}

export async function adminAccountsSecret(admins: AdminCredentials[], iterations?: number): Promise<string> {
  return JSON.stringify(
    await Promise.all(
      admins.map(async (a) => ({
        email: a.email,
        name: a.name,
        passwordHash: await hashPassword(a.password, iterations),
      })),
    ),
  );
}

/** A random password that passes the password policy (length and not a common one). */
export function randomPassword(): string {
  return `pe-${randomBytes(18).toString("base64url")}`;
}
