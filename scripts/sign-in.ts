import { MongoClient } from "mongodb";
import { hashPassword } from "../worker/kernel/auth/passwords.ts";

export type SignInRole = "patient" | "doctor" | "admin";

export interface SignInOptions {
  /** The Worker's base URL; its login route opens the session. */
  url: string;
  /** The MongoDB (and database) that Worker keeps accounts in. */
  mongoUri: string;
  db: string;
  /** The configured admin's credentials, for role "admin" (`sub` is then ignored). */
  admin: { email: string; password: string };
  /** Sent as CF-Connecting-IP, when per-IP auth limits must be kept apart. */
  clientIp?: string;
}

const PASSWORD = `Tp-${crypto.randomUUID()}`;
let passwordHash: Promise<string> | undefined;

/**
 * An access token of a real session: signs in through the Worker's login route, as a user would.
 * Patients and doctors get an account with exactly the id `sub` (stored directly in MongoDB, so
 * tests and benchmarks keep their chosen ids and doctors need no directory entry) first.
 */
export async function signInAs(
  opts: SignInOptions,
  sub: string,
  role: SignInRole = "patient",
  doctorId?: string,
): Promise<string> {
  let { email, password } = opts.admin;
  if (role !== "admin") {
    email = `${sub.toLowerCase().replace(/[^a-z0-9._-]/g, "-")}@accounts.tests.prescripto.test`;
    password = PASSWORD;
    passwordHash ??= hashPassword(PASSWORD, 100_000);
    await storeAccount(opts, { _id: sub, email, role, doctorId, passwordHash: await passwordHash });
  }
  const res = await fetch(`${opts.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(opts.clientIp ? { "CF-Connecting-IP": opts.clientIp } : {}) },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (res.status !== 200 || !body.accessToken) {
    throw new Error(`sign-in of ${role} ${sub}: ${res.status} ${JSON.stringify(body)}`);
  }
  return body.accessToken;
}

async function storeAccount(
  opts: SignInOptions,
  a: { _id: string; email: string; role: "patient" | "doctor"; doctorId: string | undefined; passwordHash: string },
): Promise<void> {
  const client = new MongoClient(opts.mongoUri, { serverSelectionTimeoutMS: 5_000 });
  const now = new Date();
  try {
    await client.connect();
    await client
      .db(opts.db)
      .collection<{ _id: string }>("users")
      .updateOne(
        { _id: a._id },
        {
          $set: {
            email: a.email,
            role: a.role,
            ...(a.doctorId ? { doctorId: a.doctorId } : {}),
            passwordHash: a.passwordHash,
            deletedAt: null,
            updatedAt: now,
          },
          $setOnInsert: { name: "Test Account", phone: null, createdAt: now },
        },
        { upsert: true },
      );
  } catch (e) {
    // Two callers storing the same id at once: the other insert won, with the same values.
    if ((e as { code?: number }).code !== 11000) throw e;
  } finally {
    await client.close();
  }
}
