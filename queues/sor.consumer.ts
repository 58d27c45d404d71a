import { mongoGateway } from "../worker/adapters/mongo-gateway.ts";
import type { AppConfig } from "../worker/config.ts";
import type { Logger } from "../worker/lib/logger.ts";
import { retryDelaySeconds } from "./backoff.ts";
import { SorMessage } from "./messages.ts";

/**
 * System-of-record writer: validates each message, applies the valid ones to MongoDB in one
 * idempotent batch, acks what was written and retries (with backoff) what was not. A message
 * that can never be valid is recorded as a dead letter first, then acked: never silently dropped.
 */
export async function consumeSor(
  batch: MessageBatch<unknown>,
  env: Env,
  config: AppConfig,
  log: Logger,
): Promise<void> {
  const valid: { message: Message<unknown>; body: SorMessage }[] = [];
  const invalid: { message: Message<unknown>; reason: string }[] = [];
  for (const message of batch.messages) {
    const parsed = SorMessage.safeParse(message.body);
    if (parsed.success) valid.push({ message, body: parsed.data });
    else invalid.push({ message, reason: `invalid message: ${parsed.error.issues[0]?.message ?? "schema"}` });
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
      else
        message.retry({
          delaySeconds: retryDelaySeconds(message.attempts, Math.random, config.QUEUE_RETRY_MAX_DELAY_SECONDS),
        });
    }
    log.warn("invalid queue messages", { queue: batch.queue, count: invalid.length, recorded: recorded.ok });
  }

  if (valid.length === 0) return;
  const delay = (m: Message<unknown>) => ({
    delaySeconds: retryDelaySeconds(m.attempts, Math.random, config.QUEUE_RETRY_MAX_DELAY_SECONDS),
  });
  let retry: Set<number>;
  try {
    const result = await mongoGateway(env, config).applySorMessages(valid.map((v) => v.body));
    retry = result.ok ? new Set(result.value.retry) : new Set(valid.map((_, i) => i));
  } catch (error) {
    log.error("system-of-record write failed", { queue: batch.queue, error });
    retry = new Set(valid.map((_, i) => i));
  }
  const confirmed = new Map<string, number[]>();
  valid.forEach(({ message, body }, i) => {
    if (retry.has(i)) {
      message.retry(delay(message));
      return;
    }
    message.ack();
    if (body.type === "appointment.snapshot" && body.outboxId !== undefined) {
      const ids = confirmed.get(body.appointment.doctorId) ?? [];
      ids.push(body.outboxId);
      confirmed.set(body.appointment.doctorId, ids);
    }
  });
  await confirmDelivered(env, confirmed, log);
  if (retry.size > 0) log.warn("system-of-record writes deferred", { queue: batch.queue, count: retry.size });
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
