import { z } from "zod";
import { Email } from "./password-policy.ts";
import { isPasswordHash } from "./passwords.ts";
import { jsonSetting } from "./signing-keys.ts";

/**
 * Administrators come from configuration only (the `ADMIN_ACCOUNTS` secret), never from code or
 * the database: a JSON array of `{ email, name, passwordHash }`, the hash in our own password
 * format (`node scripts/hash-password.ts`). An admin's id is derived from the normalized email, so it is
 * stable across deploys; removing an entry ends that admin's access at their next request.
 */
const AdminEntry = z.object({
  email: Email,
  name: z.string().trim().min(1).max(100),
  passwordHash: z.string().refine(isPasswordHash, "passwordHash must be a $pbkdf2-sha256$ hash"),
});

export const AdminAccounts = jsonSetting(
  z
    .array(AdminEntry)
    .max(100, "must list at most 100 admins")
    .refine((list) => new Set(list.map((a) => a.email)).size === list.length, "emails must be unique"),
);
type AdminAccountsConfig = z.output<typeof AdminAccounts>;

export interface Admin {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
}

interface AdminDirectory {
  byEmail(email: string): Admin | null;
  byId(id: string): Admin | null;
}

const directories = new WeakMap<AdminAccountsConfig, Promise<AdminDirectory>>();

export function adminDirectory(config: AdminAccountsConfig): Promise<AdminDirectory> {
  let dir = directories.get(config);
  if (!dir) {
    dir = (async () => {
      const admins = await Promise.all(config.map(async (a) => ({ ...a, id: await adminIdOf(a.email) })));
      const byEmail = new Map(admins.map((a) => [a.email, a]));
      const byId = new Map(admins.map((a) => [a.id, a]));
      return { byEmail: (e) => byEmail.get(e) ?? null, byId: (id) => byId.get(id) ?? null };
    })();
    directories.set(config, dir);
  }
  return dir;
}

/** `adm_` + the first 96 bits of SHA-256(normalized email), in hex. */
export async function adminIdOf(normalizedEmail: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`admin:${normalizedEmail}`));
  return `adm_${[...new Uint8Array(digest).slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}
