import type { TokenPair } from "../../worker/kernel/auth/token-pair.ts";
import type { UserProfile } from "../../worker/kernel/domain/user.ts";
import type { api } from "./api.ts";

type Call = ReturnType<typeof api>;

export type Envelope = { error: { code: string; message: string; fields?: { path: string; message: string }[] } };
export type Registered = TokenPair & { user: UserProfile; email: string; password: string };

export function uniqueEmail(prefix = "p"): string {
  return `${prefix}.${crypto.randomUUID().slice(0, 12)}@tests.prescripto.test`;
}

/** A password that passes the policy (long, not common, not the email or name). */
export function strongPassword(): string {
  return `Correct-Horse-${crypto.randomUUID().slice(0, 8)}`;
}

/** Registers a new patient through the API and returns the response plus the credentials used. */
export async function registerPatient(call: Call, body: Record<string, unknown> = {}): Promise<Registered> {
  const email = (body.email as string | undefined) ?? uniqueEmail();
  const password = (body.password as string | undefined) ?? strongPassword();
  const res = await call<TokenPair & { user: UserProfile }>("POST", "/api/v1/auth/register", {
    body: { name: "Test Patient", email, password, ...body },
  });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, email, password };
}

export async function login(call: Call, email: string, password: string) {
  return call<TokenPair & { account: { id: string; role: string; doctorId?: string } } & Envelope>(
    "POST",
    "/api/v1/auth/login",
    { body: { email, password } },
  );
}

export async function refresh(call: Call, refreshToken: string) {
  return call<TokenPair & Envelope>("POST", "/api/v1/auth/refresh", { body: { refreshToken } });
}
