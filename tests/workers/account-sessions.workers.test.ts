import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AccountSessions } from "../../durable-objects/account-sessions/account-sessions.ts";
import { hashRefreshToken } from "../../worker/kernel/auth/refresh-token.ts";

const TTL = 3_600;
function account() {
  const id = `usr_${crypto.randomUUID()}`;
  return { id, stub: env.ACCOUNT_SESSIONS.get(env.ACCOUNT_SESSIONS.idFromName(id)) };
}

async function opened(stub: DurableObjectStub<AccountSessions>, id: string, nowMs?: number) {
  const s = await stub.open(id, TTL, nowMs);
  if (!s.ok) throw new Error("open failed");
  return s;
}

describe("AccountSessions Durable Object", () => {
  it("opens a session whose refresh token names the account and is stored only as a hash", async () => {
    const { id, stub } = account();
    const s = await opened(stub, id);
    expect(s.refreshToken.startsWith(`rt1.${id}.`)).toBe(true);
    const stored = await runInDurableObject(stub, (_i: AccountSessions, state) =>
      state.storage.sql.exec<{ hash: string }>("select hash from refresh_tokens").toArray(),
    );
    expect(stored).toEqual([{ hash: await hashRefreshToken(s.refreshToken) }]);
    const everything = await runInDurableObject(stub, (_i: AccountSessions, state) =>
      JSON.stringify(state.storage.sql.exec("select * from refresh_tokens, sessions").toArray()),
    );
    expect(everything).not.toContain(s.refreshToken.split(".")[2]);
    expect(await stub.check(s.sessionId)).toEqual({ active: true });
  });

  it("rotates on every use: the new token works, the old one is spent", async () => {
    const { id, stub } = account();
    const s = await opened(stub, id);
    const r1 = await stub.rotate(id, await hashRefreshToken(s.refreshToken), TTL);
    expect(r1).toMatchObject({ ok: true, sessionId: s.sessionId });
    if (!r1.ok) return;
    expect(r1.refreshToken).not.toBe(s.refreshToken);
    const r2 = await stub.rotate(id, await hashRefreshToken(r1.refreshToken), TTL);
    expect(r2).toMatchObject({ ok: true, sessionId: s.sessionId });
    expect(await stub.check(s.sessionId)).toEqual({ active: true });
  });

  it("revokes the whole family when a rotated token is presented again", async () => {
    const { id, stub } = account();
    const s = await opened(stub, id);
    const other = await opened(stub, id);
    const r1 = await stub.rotate(id, await hashRefreshToken(s.refreshToken), TTL);
    if (!r1.ok) throw new Error("rotate failed");
    // The thief replays the first token:
    expect(await stub.rotate(id, await hashRefreshToken(s.refreshToken), TTL)).toEqual({
      ok: false,
      reason: "reused",
      sessionId: s.sessionId,
    });
    // ...and the legitimate holder's newer token is dead too, as is the session's access.
    expect(await stub.rotate(id, await hashRefreshToken(r1.refreshToken), TTL)).toEqual({
      ok: false,
      reason: "revoked",
    });
    expect(await stub.check(s.sessionId)).toEqual({ active: false });
    // Another sign-in of the same account is not affected.
    expect(await stub.check(other.sessionId)).toEqual({ active: true });
    const sessions = await stub.listSessions();
    expect(sessions.find((x) => x.id === s.sessionId)?.revokedReason).toBe("reuse");
  });

  it("refuses unknown and expired refresh tokens", async () => {
    const { id, stub } = account();
    const now = Date.now();
    const s = await opened(stub, id, now);
    expect(await stub.rotate(id, "0".repeat(64), TTL)).toEqual({ ok: false, reason: "unknown" });
    expect(await stub.rotate(id, await hashRefreshToken(s.refreshToken), TTL, now + TTL * 1000 + 1)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("logout revokes one session; revokeAll keeps the one asked for", async () => {
    const { id, stub } = account();
    const [a, b, c] = [await opened(stub, id), await opened(stub, id), await opened(stub, id)];
    expect(await stub.revoke(a.sessionId, "logout")).toEqual({ revoked: 1 });
    expect(await stub.revoke(a.sessionId, "logout")).toEqual({ revoked: 0 });
    expect(await stub.check(a.sessionId)).toEqual({ active: false });
    expect(await stub.rotate(id, await hashRefreshToken(a.refreshToken), TTL)).toEqual({
      ok: false,
      reason: "revoked",
    });
    expect(await stub.revokeAll("password_change", c.sessionId)).toEqual({ revoked: 1 });
    expect(await stub.check(b.sessionId)).toEqual({ active: false });
    expect(await stub.check(c.sessionId)).toEqual({ active: true });
  });

  it("refuses a session id it never opened, for an account with sessions and for one without", async () => {
    const { id, stub } = account();
    expect(await stub.check("never-issued-session")).toEqual({ active: false });
    const s = await opened(stub, id);
    expect(await stub.check(s.sessionId)).toEqual({ active: true });
    expect(await stub.check(`${s.sessionId}x`)).toEqual({ active: false });
  });

  it("after deletion refuses every session, every refresh and any new sign-in", async () => {
    const { id, stub } = account();
    const s = await opened(stub, id);
    await stub.markDeleted(id);
    expect(await stub.check(s.sessionId)).toEqual({ active: false });
    // Even a session id it never issued (access tokens are checked by session).
    expect(await stub.check("never-issued-session")).toEqual({ active: false });
    expect(await stub.rotate(id, await hashRefreshToken(s.refreshToken), TTL)).toEqual({
      ok: false,
      reason: "revoked",
    });
    expect(await stub.open(id, TTL)).toEqual({ ok: false, reason: "deleted" });
  });

  it("purges sessions a day after their last refresh token expired", async () => {
    const { id, stub } = account();
    const long = Date.now() - 3 * 86_400_000;
    await opened(stub, id, long); // expired two days ago (TTL is an hour)
    const fresh = await opened(stub, id);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const left = await stub.listSessions();
    expect(left.map((x) => x.id)).toEqual([fresh.sessionId]);
    const tokens = await runInDurableObject(stub, (_i: AccountSessions, state) =>
      state.storage.sql.exec<{ n: number }>("select count(*) as n from refresh_tokens").one(),
    );
    expect(tokens.n).toBe(1);
  });
});
