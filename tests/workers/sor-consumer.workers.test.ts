import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleQueue } from "../../queues/index.ts";
import { consumeSor } from "../../queues/sor.consumer.ts";
import { requireConfig } from "../../worker/kernel/config.ts";
import { createLogger } from "../../worker/kernel/lib/logger.ts";
import { appointmentSnapshot } from "../support/snapshots.ts";

const client = new MongoClient(env.MONGODB_URI, { serverSelectionTimeoutMS: 5_000 });
const db = () => client.db(env.MONGODB_DB);

beforeAll(async () => {
  await client.connect();
});
afterAll(async () => {
  await client.close();
});

function probe(id: string) {
  return { type: "probe", probeId: id, sentAt: new Date().toISOString() };
}

describe("system-of-record queue consumer", () => {
  it("writes valid messages to MongoDB and acks each of them", async () => {
    const ids = [`p${crypto.randomUUID().slice(0, 12)}`, `p${crypto.randomUUID().slice(0, 12)}`];
    const batch = createMessageBatch("prescripto-sor", [
      { id: "m1", timestamp: Date.now(), attempts: 1, body: probe(ids[0] as string) },
      { id: "m2", timestamp: Date.now(), attempts: 1, body: probe(ids[1] as string) },
    ]);
    const ctx = createExecutionContext();
    await handleQueue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["m1", "m2"]);
    expect(result.retryMessages).toEqual([]);
    const stored = await db()
      .collection("queue_probes")
      .countDocuments({ _id: { $in: ids } } as never);
    expect(stored).toBe(2);
  });

  it("is idempotent when the same message is delivered twice", async () => {
    const id = `p${crypto.randomUUID().slice(0, 12)}`;
    for (const attempt of [1, 2]) {
      const batch = createMessageBatch("prescripto-sor", [
        { id: "dup", timestamp: Date.now(), attempts: attempt, body: probe(id) },
      ]);
      const ctx = createExecutionContext();
      await handleQueue(batch, env, ctx);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["dup"]);
    }
    expect(
      await db()
        .collection("queue_probes")
        .countDocuments({ _id: id } as never),
    ).toBe(1);
  });

  it("records a malformed message as a dead letter, then acks it", async () => {
    const batch = createMessageBatch("prescripto-sor", [
      { id: "bad-1", timestamp: Date.now(), attempts: 1, body: { type: "probe", probeId: "!" } },
    ]);
    const ctx = createExecutionContext();
    await handleQueue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["bad-1"]);
    const dead = await db()
      .collection("dead_letters")
      .findOne({ _id: "prescripto-sor:bad-1" } as never);
    expect(dead).toMatchObject({
      queue: "prescripto-sor",
      messageId: "bad-1",
      reason: expect.stringContaining("invalid"),
    });
  });

  it("retries every message (none acked) when MongoDB is unavailable", async () => {
    const unavailable = {
      ...env,
      MONGO_GATEWAY: {
        idFromName: (n: string) => n,
        get: () => ({ applySorMessages: async () => ({ ok: false, reason: "unavailable", message: "down" }) }),
      },
    } as unknown as Env;
    const batch = createMessageBatch("prescripto-sor", [
      { id: "r1", timestamp: Date.now(), attempts: 3, body: probe("retry-probe-1") },
      { id: "r2", timestamp: Date.now(), attempts: 1, body: probe("retry-probe-2") },
    ]);
    const ctx = createExecutionContext();
    await consumeSor(batch, unavailable, requireConfig(env), createLogger({ level: "error" }));
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((m) => m.msgId).sort()).toEqual(["r1", "r2"]);
  });

  it("records messages arriving on the dead-letter queue for re-drive", async () => {
    const batch = createMessageBatch("prescripto-sor-dlq", [
      { id: "exhausted-1", timestamp: Date.now(), attempts: 9, body: probe("exhausted-probe") },
    ]);
    const ctx = createExecutionContext();
    await handleQueue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["exhausted-1"]);
    const dead = await db()
      .collection("dead_letters")
      .findOne({ _id: "prescripto-sor:exhausted-1" } as never);
    expect(dead).toMatchObject({ reason: "retries exhausted", attempts: 9, redrivenAt: null });
  });
});

function snapshot(id: string, version: number, status: "booked" | "cancelled", start: string) {
  return appointmentSnapshot({ id, doctorId: "doc_sor-test", patientId: "p_sor", start, status, version });
}

describe("appointment snapshots in MongoDB", () => {
  const rand = () => crypto.randomUUID().replaceAll("-", "").slice(0, 20);
  const deliver = async (bodies: unknown[]) => {
    const batch = createMessageBatch(
      "prescripto-sor",
      bodies.map((body, i) => ({ id: `s${i}-${rand()}`, timestamp: Date.now(), attempts: 1, body })),
    );
    const ctx = createExecutionContext();
    await handleQueue(batch, env, ctx);
    return getQueueResult(batch, ctx);
  };

  it("never lets an older version overwrite a newer one, and still applies the rest of the batch", async () => {
    const a = `apt.doc_sor-test.${rand()}`;
    const b = `apt.doc_sor-test.${rand()}`;
    const c = `apt.doc_sor-test.${rand()}`;
    const t = (n: number) => new Date(Date.UTC(2031, 0, 1, n)).toISOString();
    await deliver([snapshot(a, 2, "cancelled", t(1))]);
    // A stale v1 first: on FerretDB it aborts an unordered bulk write, which must not lose b and c.
    const result = await deliver([
      snapshot(a, 1, "booked", t(1)),
      snapshot(b, 1, "booked", t(2)),
      snapshot(c, 1, "booked", t(3)),
    ]);
    expect(result.retryMessages).toEqual([]);
    const docs = await db()
      .collection("appointments")
      .find({ _id: { $in: [a, b, c] } } as never)
      .toArray();
    expect(Object.fromEntries(docs.map((d) => [d._id, [d.status, d.version]]))).toEqual({
      [a]: ["cancelled", 2],
      [b]: ["booked", 1],
      [c]: ["booked", 1],
    });
  });

  const envelope = (snapshots: ReturnType<typeof snapshot>[], firstOutboxId: number) => ({
    type: "appointment.snapshots",
    doctorId: "doc_sor-test",
    snapshots: snapshots.map((s, i) => ({ outboxId: firstOutboxId + i, appointment: s.appointment })),
  });

  it("applies every snapshot of an envelope and acks the message once", async () => {
    const ids = [1, 2, 3].map(() => `apt.doc_sor-test.${rand()}`);
    const t = (n: number) => new Date(Date.UTC(2031, 2, 1, n)).toISOString();
    const result = await deliver([
      envelope(
        ids.map((id, i) => snapshot(id, 1, "booked", t(i))),
        1,
      ),
    ]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    const docs = await db()
      .collection("appointments")
      .find({ _id: { $in: ids } } as never)
      .toArray();
    expect(docs.map((d) => d._id).sort()).toEqual([...ids].sort());
  });

  it("retries an envelope whole when one snapshot must wait, keeping the others applied", async () => {
    const holder = `apt.doc_sor-test.${rand()}`;
    const waiting = `apt.doc_sor-test.${rand()}`;
    const other = `apt.doc_sor-test.${rand()}`;
    const slot = new Date(Date.UTC(2031, 3, 1, 9)).toISOString();
    await deliver([snapshot(holder, 1, "booked", slot)]);
    // The same envelope, delivered again after the cancellation: as the queue redelivers it.
    const pair = () =>
      envelope(
        [
          snapshot(waiting, 1, "booked", slot),
          snapshot(other, 1, "booked", new Date(Date.UTC(2031, 3, 1, 10)).toISOString()),
        ],
        10,
      );
    const early = await deliver([pair()]);
    expect(early.retryMessages).toHaveLength(1);
    expect(early.explicitAcks).toEqual([]);
    expect(
      await db()
        .collection("appointments")
        .countDocuments({ _id: other } as never),
    ).toBe(1);
    await deliver([snapshot(holder, 2, "cancelled", slot)]);
    const again = await deliver([pair()]);
    expect(again.retryMessages).toEqual([]);
    expect(again.explicitAcks).toHaveLength(1);
    const active = await db()
      .collection("appointments")
      .find({ doctorId: "doc_sor-test", start: new Date(slot), active: true })
      .toArray();
    expect(active.map((d) => d._id)).toEqual([waiting]);
  });

  it("records an envelope with a malformed snapshot as one dead letter, applying none of it", async () => {
    const good = `apt.doc_sor-test.${rand()}`;
    const bad = {
      ...snapshot(`apt.doc_sor-test.${rand()}`, 1, "booked", new Date(Date.UTC(2031, 4, 1, 9)).toISOString()),
    };
    (bad.appointment as { start: string }).start = "yesterday";
    const body = envelope([snapshot(good, 1, "booked", new Date(Date.UTC(2031, 4, 1, 8)).toISOString()), bad], 20);
    const result = await deliver([body]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(
      await db()
        .collection("appointments")
        .countDocuments({ _id: good } as never),
    ).toBe(0);
    const dead = await db()
      .collection("dead_letters")
      .findOne({ "body.snapshots.appointment.id": good } as never);
    expect(dead).toMatchObject({ queue: "prescripto-sor", redrivenAt: null });
  });

  it("holds back a booking whose slot MongoDB still shows as taken, until the cancellation arrives", async () => {
    const first = `apt.doc_sor-test.${rand()}`;
    const second = `apt.doc_sor-test.${rand()}`;
    const slot = new Date(Date.UTC(2031, 1, 1, 9)).toISOString();
    await deliver([snapshot(first, 1, "booked", slot)]);
    const early = await deliver([snapshot(second, 1, "booked", slot)]);
    expect(early.retryMessages).toHaveLength(1);
    await deliver([snapshot(first, 2, "cancelled", slot)]);
    const late = await deliver([snapshot(second, 1, "booked", slot)]);
    expect(late.retryMessages).toEqual([]);
    const active = await db()
      .collection("appointments")
      .find({ doctorId: "doc_sor-test", start: new Date(slot), active: true })
      .toArray();
    expect(active.map((d) => d._id)).toEqual([second]);
  });
});
