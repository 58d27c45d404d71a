import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, inject, it } from "vitest";
import { hashPassword, PBKDF2_MIN_ITERATIONS } from "../../worker/kernel/auth/passwords.ts";
import type { UserProfile, UserRecord } from "../../worker/kernel/domain/user.ts";
import { type Envelope, login, refresh, registerPatient, strongPassword, uniqueEmail } from "../support/accounts.ts";
import { api } from "../support/api.ts";
import { eventually, withMongo } from "../support/mongo.ts";
import { roundTheClock, uniqueDoctorId } from "../support/schedules.ts";
import { testAdmin, testSigningKeyEntry } from "../support/test-keys.ts";

const call = api(inject("workerUrl"));
const users = <T>(fn: (c: import("mongodb").Collection<UserRecord>) => Promise<T>) =>
  withMongo(inject("mongoUri"), inject("mongoDb"), (db) => fn(db.collection<UserRecord>("users")));
type Profile = { profile: UserProfile };

describe("patient registration", () => {
  it("creates the account with a normalized email and a KDF hash, and signs the patient in", async () => {
    const email = uniqueEmail("Reg");
    const res = await call<{ user: UserProfile; accessToken: string; refreshToken: string; expiresIn: number }>(
      "POST",
      "/api/v1/auth/register",
      {
        body: {
          name: "  Ada Lovelace ",
          email: `  ${email.toUpperCase()} `,
          password: strongPassword(),
          phone: "+91 98765 43210",
        },
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get("location")).toBe("/api/v1/me/profile");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body.user).toMatchObject({ role: "patient", email: email.toLowerCase(), name: "Ada Lovelace" });
    expect(res.body.user).not.toHaveProperty("passwordHash");
    expect(res.body.expiresIn).toBeLessThanOrEqual(900);
    const claims = decodeJwt(res.body.accessToken);
    expect(claims).toMatchObject({ sub: res.body.user.id, role: "patient" });
    expect(claims).toHaveProperty("sid");
    expect(claims).toHaveProperty("jti");

    const stored = await users((u) => u.findOne({ _id: res.body.user.id }));
    expect(stored?.email).toBe(email.toLowerCase());
    expect(stored?.passwordHash).toMatch(/^\$pbkdf2-sha256\$v=1\$i=100000\$/);

    const me = await call<Profile>("GET", "/api/v1/me/profile", { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.profile).toEqual(res.body.user);
  });

  it("answers 409 for an email already registered, whatever its case, and writes nothing", async () => {
    const first = await registerPatient(call);
    const again = await call<Envelope>("POST", "/api/v1/auth/register", {
      body: { name: "Someone Else", email: first.email.toUpperCase(), password: strongPassword() },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("EMAIL_TAKEN");
    expect(again.body.error.fields).toEqual([{ path: "email", message: expect.any(String) }]);
    expect(await users((u) => u.countDocuments({ email: first.email }))).toBe(1);
  });

  it.each([
    ["an invalid email", { email: "not-an-email" }, "email"],
    ["an oversized email", { email: `${"a".repeat(250)}@x.test` }, "email"],
    ["a short password", { password: "short1" }, "password"],
    ["an oversized password", { password: "x".repeat(129) }, "password"],
    ["one of the commonest passwords", { password: "password1234" }, "password"],
    [
      "a password equal to the email",
      { email: "same.as.pw@tests.prescripto.test", password: "same.as.pw@tests.prescripto.test" },
      "password",
    ],
    ["an empty name", { name: "  " }, "name"],
    ["an oversized name", { name: "n".repeat(101) }, "name"],
    ["a bad phone", { phone: "call me" }, "phone"],
    ["a time zone that is not IANA", { timeZone: "Mars/Olympus" }, "timeZone"],
    ["a fixed-offset time zone", { timeZone: "+05:30" }, "timeZone"],
    ["a role in the body", { role: "admin" }, "(root)"],
    ["a doctorId in the body", { doctorId: "doc_x" }, "(root)"],
  ])("answers 400 with field errors for %s, and creates no account", async (_what, override, field) => {
    const email = (override as { email?: string }).email ?? uniqueEmail("bad");
    const res = await call<Envelope>("POST", "/api/v1/auth/register", {
      body: { name: "Bad Input", email, password: strongPassword(), ...override },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.fields?.map((f) => f.path)).toContain(field);
    expect(await users((u) => u.countDocuments({ email: email.trim().toLowerCase() }))).toBe(0);
  });
});

describe("sign-in", () => {
  it("signs a patient in, and gives the same 401 for a wrong password and an unknown email", async () => {
    const p = await registerPatient(call);
    const ok = await login(call, ` ${p.email.toUpperCase()}`, p.password);
    expect(ok.status).toBe(200);
    expect(ok.body.account).toEqual({ id: p.user.id, role: "patient" });
    expect(ok.body.tokenType).toBe("Bearer");

    const wrong = await login(call, p.email, `${p.password}x`);
    const unknown = await login(call, uniqueEmail("nobody"), p.password);
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.headers.get("www-authenticate")).toBeNull();
    }
    expect(wrong.body.error.code).toBe("INVALID_CREDENTIALS");
    expect({ ...wrong.body.error, requestId: "" }).toEqual({ ...unknown.body.error, requestId: "" });
  });

  it("signs the configured admin in, who may then call admin routes", async () => {
    const admin = testAdmin();
    const res = await login(call, admin.email, admin.password);
    expect(res.status).toBe(200);
    expect(res.body.account.role).toBe("admin");
    expect(res.body.account.id).toMatch(/^adm_[0-9a-f]{24}$/);
    const letters = await call("GET", "/api/v1/admin/dead-letters?limit=1", { token: res.body.accessToken });
    expect(letters.status).toBe(200);
  });

  it("signs a doctor in as their doctor, and upgrades a cheaper stored hash", async () => {
    const doctorId = uniqueDoctorId("login");
    const email = uniqueEmail("doctor");
    const password = strongPassword();
    const now = new Date();
    const passwordHash = await hashPassword(password, PBKDF2_MIN_ITERATIONS);
    await users((u) =>
      u.insertOne({
        _id: `usr_${crypto.randomUUID()}`,
        email,
        name: "Dr. Test",
        phone: null,
        role: "doctor",
        doctorId,
        passwordHash,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      }),
    );
    const res = await login(call, email, password);
    expect(res.status).toBe(200);
    expect(res.body.account).toMatchObject({ role: "doctor", doctorId });
    expect(decodeJwt(res.body.accessToken)).toMatchObject({ role: "doctor", doctorId });

    // The doctor's token reaches their own schedule and nobody else's.
    const own = await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, {
      token: res.body.accessToken,
      body: roundTheClock(),
    });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    const other = await call("GET", `/api/v1/doctors/${uniqueDoctorId("other")}/schedule`, {
      token: res.body.accessToken,
    });
    expect(other.status).toBe(404);

    const upgraded = await eventually(
      async () => {
        const u = await users((c) => c.findOne({ email }));
        return u?.passwordHash.includes("$i=100000$") ? u : null;
      },
      { what: "the password hash re-made at the configured cost" },
    );
    expect(upgraded.passwordHash).not.toContain(`$i=${PBKDF2_MIN_ITERATIONS}$`);
    expect((await login(call, email, password)).status).toBe(200);
  });
});

describe("refresh tokens", () => {
  it("rotate on every use", async () => {
    const p = await registerPatient(call);
    const r1 = await refresh(call, p.refreshToken);
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(p.refreshToken);
    expect(decodeJwt(r1.body.accessToken).sid).toBe(decodeJwt(p.accessToken).sid);
    const r2 = await refresh(call, r1.body.refreshToken);
    expect(r2.status).toBe(200);
    expect((await call("GET", "/api/v1/me/profile", { token: r2.body.accessToken })).status).toBe(200);
  });

  it("revoke the whole family when a rotated one is used again", async () => {
    const p = await registerPatient(call);
    const r1 = await refresh(call, p.refreshToken);
    expect(r1.status).toBe(200);
    const replay = await refresh(call, p.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("UNAUTHENTICATED");
    // The legitimate holder's newer refresh token and the session's access tokens are dead too.
    expect((await refresh(call, r1.body.refreshToken)).status).toBe(401);
    expect((await call("GET", "/api/v1/me/profile", { token: r1.body.accessToken })).status).toBe(401);
    expect((await call("GET", "/api/v1/me/profile", { token: p.accessToken })).status).toBe(401);
    // Signing in again works: only that family was revoked.
    expect((await login(call, p.email, p.password)).status).toBe(200);
  });

  it("are refused when malformed, unknown, or presented for another account", async () => {
    const a = await registerPatient(call);
    const b = await registerPatient(call);
    const secretOfA = a.refreshToken.split(".")[2];
    for (const bad of ["", "rt1.nope", `rt1.${b.user.id}.${secretOfA}`, `${a.refreshToken.slice(0, -2)}AA`]) {
      const res = await refresh(call, bad);
      expect(res.status, bad).toBe(401);
    }
    // None of that disturbed either account's session.
    expect((await refresh(call, a.refreshToken)).status).toBe(200);
    expect((await refresh(call, b.refreshToken)).status).toBe(200);
  });
});

describe("logout and password change", () => {
  it("logout revokes the session's access and refresh tokens, not the account's other sessions", async () => {
    const p = await registerPatient(call);
    const other = await login(call, p.email, p.password);
    const out = await call("POST", "/api/v1/auth/logout", { token: p.accessToken });
    expect(out.status).toBe(204);
    expect((await call("GET", "/api/v1/me/profile", { token: p.accessToken })).status).toBe(401);
    expect((await refresh(call, p.refreshToken)).status).toBe(401);
    expect((await call("GET", "/api/v1/me/profile", { token: other.body.accessToken })).status).toBe(200);
  });

  it("logout everywhere revokes every session", async () => {
    const p = await registerPatient(call);
    const other = await login(call, p.email, p.password);
    expect(
      (await call("POST", "/api/v1/auth/logout", { token: p.accessToken, body: { everywhere: true } })).status,
    ).toBe(204);
    expect((await call("GET", "/api/v1/me/profile", { token: other.body.accessToken })).status).toBe(401);
    expect((await refresh(call, other.body.refreshToken)).status).toBe(401);
  });

  it("a password change needs the current password, keeps this session and ends the others", async () => {
    const p = await registerPatient(call);
    const other = await login(call, p.email, p.password);
    const newPassword = strongPassword();
    const wrong = await call<Envelope>("POST", "/api/v1/auth/password", {
      token: p.accessToken,
      body: { currentPassword: "not-the-password", newPassword },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual([{ path: "currentPassword", message: "is incorrect" }]);
    const weak = await call<Envelope>("POST", "/api/v1/auth/password", {
      token: p.accessToken,
      body: { currentPassword: p.password, newPassword: "password1234" },
    });
    expect(weak.status).toBe(400);

    const changed = await call("POST", "/api/v1/auth/password", {
      token: p.accessToken,
      body: { currentPassword: p.password, newPassword },
    });
    expect(changed.status).toBe(204);
    expect((await call("GET", "/api/v1/me/profile", { token: p.accessToken })).status).toBe(200);
    expect((await call("GET", "/api/v1/me/profile", { token: other.body.accessToken })).status).toBe(401);
    expect((await refresh(call, other.body.refreshToken)).status).toBe(401);
    expect((await login(call, p.email, p.password)).status).toBe(401);
    expect((await login(call, p.email, newPassword)).status).toBe(200);
  });
});

describe("profile and account deletion", () => {
  it("updates only the name and phone", async () => {
    const p = await registerPatient(call, { phone: "+44 20 7946 0000" });
    const res = await call<Profile>("PATCH", "/api/v1/me/profile", {
      token: p.accessToken,
      body: { name: "New Name", phone: null },
    });
    expect(res.status).toBe(200);
    expect(res.body.profile).toMatchObject({ name: "New Name", phone: null, email: p.email, role: "patient" });
    for (const body of [{ email: uniqueEmail() }, { role: "admin" }, { passwordHash: "x" }, {}, { name: "" }]) {
      const bad = await call<Envelope>("PATCH", "/api/v1/me/profile", { token: p.accessToken, body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
    }
    const after = await call<Profile>("GET", "/api/v1/me/profile", { token: p.accessToken });
    expect(after.body.profile).toMatchObject({ name: "New Name", email: p.email, role: "patient" });
  });

  it("keeps the time zone the patient reads times in: given at registration, changed or cleared by PATCH", async () => {
    const p = await registerPatient(call, { timeZone: "America/New_York" });
    const me = await call<Profile>("GET", "/api/v1/me/profile", { token: p.accessToken });
    expect(me.body.profile.timeZone).toBe("America/New_York");
    const moved = await call<Profile>("PATCH", "/api/v1/me/profile", {
      token: p.accessToken,
      body: { timeZone: "Asia/Kolkata" },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.profile).toMatchObject({ timeZone: "Asia/Kolkata", name: p.user.name });
    const bad = await call<Envelope>("PATCH", "/api/v1/me/profile", {
      token: p.accessToken,
      body: { timeZone: "Asia/Nowhere" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ path: "timeZone", message: expect.any(String) }]);
    const cleared = await call<Profile>("PATCH", "/api/v1/me/profile", {
      token: p.accessToken,
      body: { timeZone: null },
    });
    expect(cleared.body.profile.timeZone).toBeNull();
  });

  it("deletion needs the password, scrubs the account, revokes its tokens and frees the email", async () => {
    const p = await registerPatient(call, { phone: "+91 90000 00000" });
    const wrong = await call<Envelope>("DELETE", "/api/v1/me", { token: p.accessToken, body: { password: "nope" } });
    expect(wrong.status).toBe(400);
    expect((await call("GET", "/api/v1/me/profile", { token: p.accessToken })).status).toBe(200);

    const deleted = await call("DELETE", "/api/v1/me", { token: p.accessToken, body: { password: p.password } });
    expect(deleted.status).toBe(204);
    expect((await call("GET", "/api/v1/me/profile", { token: p.accessToken })).status).toBe(401);
    expect((await call("GET", "/api/v1/me/appointments", { token: p.accessToken })).status).toBe(401);
    expect((await refresh(call, p.refreshToken)).status).toBe(401);
    expect((await login(call, p.email, p.password)).status).toBe(401);

    const stored = await users((u) => u.findOne({ _id: p.user.id }));
    expect(stored).toMatchObject({ name: "", phone: null, passwordHash: "", email: `deleted:${p.user.id}` });
    expect(JSON.stringify(stored)).not.toContain(p.email);

    const again = await registerPatient(call, { email: p.email });
    expect(again.user.id).not.toBe(p.user.id);
  });
});

describe("GET /.well-known/jwks.json", () => {
  it("publishes the public signing key and never the private part", async () => {
    const res = await call<{ keys: Record<string, unknown>[] }>("GET", "/.well-known/jwks.json");
    expect(res.status).toBe(200);
    const key = testSigningKeyEntry();
    expect(res.body.keys).toEqual([
      { kty: "EC", crv: "P-256", x: key.privateJwk.x, y: key.privateJwk.y, kid: key.kid, alg: "ES256", use: "sig" },
    ]);
    const p = await registerPatient(call);
    expect(decodeProtectedHeader(p.accessToken).kid).toBe(key.kid);
  });
});
