import { mongoGateway } from "../worker/kernel/clients/mongo-gateway.ts";
import type { AppConfig } from "../worker/kernel/config.ts";
import { retryDelaySeconds } from "../worker/kernel/lib/backoff.ts";
import type { Logger } from "../worker/kernel/lib/logger.ts";
import { type DoctorTermsMessage, SorMessage, type SorRecord } from "../worker/kernel/messages/sor-messages.ts";
import { applyBookingTerms } from "./booking-terms.ts";
import { fanOut } from "./fanout.ts";

/**
 * System-of-record writer: validates each message, applies the valid ones (an envelope's
 * snapshots one by one) to MongoDB in one idempotent batch, and a doctor's booking terms to their
 * profile; acks what was written, confirms it to the doctor's DO and retries (with backoff) what
 * was not. A message that can never be valid is recorded as a dead letter
 * first, then acked: never silently dropped.
 */
export async function consumeSor(
  batch: MessageBatch<unknown>,
  env: Env,
  config: AppConfig,
  log: Logger,
): Promise<void> {
  const backoff = (m: Message<unknown>) => ({
    delaySeconds: retryDelaySeconds(m.attempts, Math.random, config.QUEUE_RETRY_MAX_DELAY_SECONDS),
  });
  // Each record to apply, with the message it came in: an envelope yields one per snapshot.
  const records: { message: Message<unknown>; record: SorRecord }[] = [];
  const terms: { message: Message<unknown>; terms: DoctorTermsMessage }[] = [];
  const invalid: { message: Message<unknown>; reason: string }[] = [];
  for (const message of batch.messages) {
    const parsed = SorMessage.safeParse(message.body);
    if (!parsed.success) {
      invalid.push({ message, reason: `invalid message: ${parsed.error.issues[0]?.message ?? "schema"}` });
    } else if (parsed.data.type === "doctor.terms") {
      terms.push({ message, terms: parsed.data });
    } else if (parsed.data.type === "appointment.snapshots") {
      for (const s of parsed.data.snapshots) {
        records.push({
          message,
          record: { type: "appointment.snapshot", outboxId: s.outboxId, appointment: s.appointment },
        });
      }
    } else {
      records.push({ message, record: parsed.data });
    }
  }

  if (invalid.length > 0) {
    const recorded = await mongoGateway(env, config)
      .recordDeadLetters(
        invalid.map(({ message, reason }) => ({
          queue: batch.queue,
          messageId: message.id,
          body: message.body,
          attempts: message.attempts,
          reason,
        })),
      )
      .catch((error: unknown) => ({ ok: false as const, error }));
    for (const { message } of invalid) {
      if (recorded.ok) message.ack();
      else message.retry(backoff(message));
    }
    log.warn("invalid queue messages", { queue: batch.queue, count: invalid.length, recorded: recorded.ok });
  }

  // A doctor's terms travel like a snapshot: applied, acked and confirmed to the DO, else retried.
  const confirmed = new Map<string, number[]>();
  const confirm = (doctorId: string, outboxId: number) => {
    const ids = confirmed.get(doctorId) ?? [];
    ids.push(outboxId);
    confirmed.set(doctorId, ids);
  };
  const termsApplied = await applyBookingTerms(
    terms.map((t) => t.terms),
    env,
    config,
    log,
  );
  terms.forEach(({ message, terms: t }, i) => {
    if (termsApplied[i]) {
      message.ack();
      confirm(t.doctorId, t.outboxId);
    } else {
      message.retry(backoff(message));
    }
  });

  if (records.length === 0) {
    await confirmDelivered(env, confirmed, log);
    return;
  }
  let retry: Set<number>;
  try {
    const result = await mongoGateway(env, config).applySorMessages(records.map((r) => r.record));
    retry = result.ok ? new Set(result.value.retry) : new Set(records.map((_, i) => i));
  } catch (error) {
    log.error("system-of-record write failed", { queue: batch.queue, error });
    retry = new Set(records.map((_, i) => i));
  }
  // A message is acked once every record in it is applied and fanned out (fanout.ts), else
  // retried whole (what was applied is a no-op next time: versions guard every write, and
  // deliveries are once-only). Applied and fanned-out snapshots are confirmed either way.
  const retried = new Set<Message<unknown>>();
  const applied = new Map<Message<unknown>, SorRecord[]>();
  records.forEach(({ message, record }, i) => {
    if (retry.has(i)) retried.add(message);
    else applied.set(message, [...(applied.get(message) ?? []), record]);
  });
  await Promise.all(
    [...applied].map(async ([message, done]) => {
      const snapshots = done.flatMap((r) => (r.type === "appointment.snapshot" ? [r.appointment] : []));
      if (!(await fanOut(snapshots, env, log))) {
        retried.add(message);
        return;
      }
      for (const r of done) {
        if (r.type === "appointment.snapshot" && r.outboxId !== undefined) confirm(r.appointment.doctorId, r.outboxId);
        else if (r.type === "payment.record" || r.type === "refund.record") confirm(r.doctorId, r.outboxId);
      }
    }),
  );
  for (const message of new Set(records.map((r) => r.message))) {
    if (retried.has(message)) {
      message.retry(backoff(message));
    } else {
      message.ack();
    }
  }
  await confirmDelivered(env, confirmed, log);
  if (retried.size > 0) log.warn("system-of-record writes deferred", { queue: batch.queue, count: retried.size });
}

/** Tells each doctor's DO which outbox rows MongoDB now holds. A failure here only means a harmless re-send. */
async function confirmDelivered(env: Env, confirmed: Map<string, number[]>, log: Logger): Promise<void> {
  await Promise.all(
    [...confirmed].map(async ([doctorId, ids]) => {
      try {
        await env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(doctorId)).confirmDelivered(ids);
      } catch (error) {
        log.warn("outbox confirmation failed; the DO will re-send", { doctorId, count: ids.length, error });
      }
    }),
  );
}
