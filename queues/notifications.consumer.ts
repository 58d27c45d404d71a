import type { DeliveryOutcome } from "../durable-objects/mongo-gateway/notifications.repo.ts";
import { emailSender } from "../worker/kernel/clients/email.ts";
import { mongoGateway } from "../worker/kernel/clients/mongo-gateway.ts";
import type { AppConfig } from "../worker/kernel/config.ts";
import { retryDelaySeconds } from "../worker/kernel/lib/backoff.ts";
import type { Logger } from "../worker/kernel/lib/logger.ts";
import { NotificationMessage } from "../worker/kernel/messages/notification-messages.ts";
import { type Composed, composeNotification } from "../worker/kernel/notifications/compose.ts";

/**
 * Notification consumer: renders and sends the emails for appointment changes and reminders.
 *
 * Each message is settled on its own: acked once every email in it is sent (or has nothing to
 * send), retried with backoff otherwise, so one failing message never holds back the others and
 * a provider outage only delays. A delivery is claimed in MongoDB (`notifications`, keyed by
 * appointment, kind, version and recipient) before it is sent and marked sent after; a message
 * that comes again (redelivery, retry, re-driven dead letter) skips what is marked sent, and the
 * same key goes to the provider as its Idempotency-Key for the one case our mark did not land.
 * MongoDB is asked per batch, not per message: the people and appointments of every message in
 * one read, every claim in one write, every mark in one write.
 * Messages that keep failing reach the dead-letter queue after max_retries (wrangler.toml).
 */
type Outcome = "done" | "retry";
type Gateway = ReturnType<typeof mongoGateway>;

export async function consumeNotifications(
  batch: MessageBatch<unknown>,
  env: Env,
  config: AppConfig,
  log: Logger,
  fetcher: typeof fetch = fetch,
): Promise<void> {
  const sender = emailSender(config, fetcher);
  let outcomes: Outcome[];
  try {
    outcomes = await deliverBatch(batch.queue, batch.messages, env, config, log, sender);
  } catch (error) {
    log.error("notification batch failed", { messages: batch.messages.length, error });
    outcomes = batch.messages.map(() => "retry");
  }
  batch.messages.forEach((message, i) => {
    if (outcomes[i] === "done") message.ack();
    else
      message.retry({
        delaySeconds: retryDelaySeconds(message.attempts, Math.random, config.QUEUE_RETRY_MAX_DELAY_SECONDS),
      });
  });
}

/** One message on its way through the batch: where it is in it, what it says, what it sends. */
interface Pending {
  index: number;
  message: Message<unknown>;
  body: NotificationMessage;
  composed?: Composed;
}

async function deliverBatch(
  queue: string,
  messages: readonly Message<unknown>[],
  env: Env,
  config: AppConfig,
  log: Logger,
  sender: ReturnType<typeof emailSender>,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = messages.map(() => "retry");
  const pending: Pending[] = [];
  const invalid: { index: number; message: Message<unknown>; reason: string }[] = [];
  messages.forEach((message, index) => {
    const parsed = NotificationMessage.safeParse(message.body);
    if (parsed.success) pending.push({ index, message, body: parsed.data });
    else invalid.push({ index, message, reason: parsed.error.issues[0]?.message ?? "schema" });
  });
  if (invalid.length > 0) {
    // A message no consumer can read is kept as a dead letter for a person, not retried.
    const recorded = await mongoGateway(env, config).recordDeadLetters(
      invalid.map(({ message, reason }) => ({
        queue,
        messageId: message.id,
        body: message.body,
        attempts: message.attempts,
        reason: `invalid message: ${reason}`,
      })),
    );
    for (const m of invalid) {
      log.warn("invalid notification message", { messageId: m.message.id, recorded: recorded.ok });
      if (recorded.ok) outcomes[m.index] = "done";
    }
  }
  if (pending.length === 0) return outcomes;

  // One shard for the batch: its reads and writes go over one warm connection.
  const gateway = mongoGateway(env, config, pending[0]?.body.appointment.id);
  const contexts = await gateway.loadNotificationContexts(
    pending.map(({ body }) => ({
      doctorId: body.appointment.doctorId,
      patientId: body.appointment.patientId,
      appointmentId: body.appointment.id,
    })),
  );
  if (!contexts.ok) return outcomes;
  const settings = { appBaseUrl: config.APP_BASE_URL, from: config.EMAIL_FROM, linkSecret: config.LINK_SIGNING_SECRET };
  for (const [i, p] of pending.entries()) {
    const { doctor, patient, current } = contexts.value[i] as (typeof contexts.value)[number];
    // The doctor record is written before any appointment can exist; missing means not yet visible.
    if (!doctor) {
      log.warn("notification waits for its doctor record", { appointmentId: p.body.appointment.id });
      continue;
    }
    const composed = await composeNotification(p.body, { doctor, patient, current }, settings);
    if (composed.stale) {
      log.info("stale reminder not sent", {
        appointmentId: p.body.appointment.id,
        kind: composed.kind,
        reason: composed.stale,
      });
      outcomes[p.index] = "done";
      continue;
    }
    p.composed = composed;
  }
  const sending = pending.filter((p) => p.composed);
  if (sending.length === 0) return outcomes;
  const claimed = await gateway.claimDeliveries(
    sending.flatMap(({ body, composed }) =>
      (composed as Composed).deliveries.map((d) => ({
        id: d.key,
        appointmentId: body.appointment.id,
        kind: (composed as Composed).kind,
        version: body.appointment.version,
        recipient: d.recipient,
      })),
    ),
  );
  if (!claimed.ok) return outcomes;
  const results = await Promise.all(sending.map((p) => send(p, claimed.value, sender, log)));
  const marked = await finish(
    gateway,
    results.flatMap((r) => r.finished),
  );
  results.forEach((r, i) => {
    const p = sending[i] as Pending;
    // Sent but not marked: the retry sends again under the same Idempotency-Key, which the
    // provider answers without a second email.
    const unmarked = r.finished.length > 0 && !marked;
    outcomes[p.index] = r.allSent && !unmarked ? "done" : "retry";
  });
  return outcomes;
}

type Finished = { id: string; outcome: DeliveryOutcome };

/** Sends a message's claimed deliveries in order; returns what to mark and whether all went. */
async function send(
  p: Pending,
  states: Record<string, string>,
  sender: ReturnType<typeof emailSender>,
  log: Logger,
): Promise<{ finished: Finished[]; allSent: boolean }> {
  const composed = p.composed as Composed;
  const finished: Finished[] = [];
  let allSent = true;
  for (const d of composed.deliveries) {
    const state = states[d.key];
    if (state === "sent" || state === "skipped") continue;
    if (!d.email) {
      finished.push({ id: d.key, outcome: { state: "skipped", reason: d.skip ?? "nothing to send" } });
      continue;
    }
    const sent = await sender.send(d.email);
    if (!sent.ok) {
      log.warn("email not accepted; will retry", {
        appointmentId: p.body.appointment.id,
        kind: composed.kind,
        recipient: d.recipient,
        status: sent.status,
        error: sent.name,
        attempts: p.message.attempts,
      });
      allSent = false;
      continue;
    }
    finished.push({ id: d.key, outcome: { state: "sent", providerId: sent.id } });
  }
  return { finished, allSent };
}

async function finish(gateway: Gateway, finished: Finished[]): Promise<boolean> {
  if (finished.length === 0) return true;
  return (await gateway.finishDeliveries(finished)).ok;
}
