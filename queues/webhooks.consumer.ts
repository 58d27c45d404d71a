import { mongoGateway } from "../worker/kernel/clients/mongo-gateway.ts";
import type { AppConfig } from "../worker/kernel/config.ts";
import { retryDelaySeconds } from "../worker/kernel/lib/backoff.ts";
import type { Logger } from "../worker/kernel/lib/logger.ts";
import { type DeliveryAttempt, deliveryIdOf } from "../worker/kernel/webhooks/endpoint.ts";
import { WebhookDeliveryMessage } from "../worker/kernel/webhooks/messages.ts";
import { outcomeOf } from "../worker/kernel/webhooks/response-outcome.ts";
import { planRetry, type RetrySchedule } from "../worker/kernel/webhooks/retry-schedule.ts";
import { signingSecretsInClear } from "../worker/kernel/webhooks/secrets.ts";
import { signedHeaders } from "../worker/kernel/webhooks/signing.ts";

/**
 * Delivers clinics' webhooks: one message is one (event, endpoint). Each attempt is signed afresh
 * (Standard Webhooks: same webhook-id, this attempt's timestamp), posted with a timeout and logged
 * in the endpoint's delivery log. 2xx acks; 410 disables the endpoint; anything else is retried on
 * the schedule of retry-schedule.ts (its delay, or the receiver's Retry-After) until the window
 * closes, then the message goes to the dead-letter queue (recorded in dead_letters). Messages
 * are settled one by one, so one slow receiver never holds back another clinic's.
 */
export interface WebhookConsumerOptions {
  fetcher?: typeof fetch;
  now?: () => Date;
  random?: () => number;
}

type Settle = { ack: true } | { ack: false; delaySeconds: number };

export async function consumeWebhooks(
  batch: MessageBatch<unknown>,
  env: Env,
  config: AppConfig,
  log: Logger,
  opts: WebhookConsumerOptions = {},
): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      let settle: Settle;
      try {
        settle = await deliver(batch.queue, message, env, config, log, opts);
      } catch (error) {
        log.error("webhook delivery failed unexpectedly", { messageId: message.id, error });
        settle = { ack: false, delaySeconds: infraDelay(message, config) };
      }
      if (settle.ack) message.ack();
      else message.retry({ delaySeconds: settle.delaySeconds });
    }),
  );
}

/** Our own trouble (MongoDB, the DLQ) is retried on the short queue backoff, not the receiver's schedule. */
const infraDelay = (m: Message<unknown>, config: AppConfig) =>
  retryDelaySeconds(m.attempts, Math.random, config.QUEUE_RETRY_MAX_DELAY_SECONDS);

async function deliver(
  queue: string,
  message: Message<unknown>,
  env: Env,
  config: AppConfig,
  log: Logger,
  opts: WebhookConsumerOptions,
): Promise<Settle> {
  const parsed = WebhookDeliveryMessage.safeParse(message.body);
  if (!parsed.success) {
    const recorded = await mongoGateway(env, config).recordDeadLetters([
      {
        queue,
        messageId: message.id,
        body: message.body,
        attempts: message.attempts,
        reason: `invalid message: ${parsed.error.issues[0]?.message ?? "schema"}`,
      },
    ]);
    log.warn("invalid webhook message", { messageId: message.id, recorded: recorded.ok });
    return recorded.ok ? { ack: true } : { ack: false, delaySeconds: infraDelay(message, config) };
  }
  const m = parsed.data;
  const now = opts.now ?? (() => new Date());
  const gateway = mongoGateway(env, config, m.clinicId);
  const deliveryId = deliveryIdOf(m.messageId, m.endpointId);
  const begun = await gateway.beginWebhookDelivery(m.endpointId, deliveryId);
  if (!begun.ok) return { ack: false, delaySeconds: infraDelay(message, config) };
  const { endpoint, status } = begun.value;
  const fields = { endpointId: m.endpointId, webhookId: m.messageId, attempts: message.attempts };
  const record = (update: {
    status: Parameters<typeof gateway.recordWebhookDelivery>[0]["status"];
    attempt: DeliveryAttempt | null;
    nextAttemptAt: Date | null;
  }) =>
    gateway
      .recordWebhookDelivery({
        id: deliveryId,
        endpointId: m.endpointId,
        clinicId: m.clinicId,
        messageId: m.messageId,
        payload: m.payload,
        ...update,
      })
      .then((r) => {
        // The log is for people; a gap in it must not resend a delivery.
        if (!r.ok) log.warn("webhook delivery log not written", fields);
      });

  if (!endpoint || endpoint.clinicId !== m.clinicId) {
    log.info("webhook endpoint deleted; delivery dropped", fields);
    return { ack: true };
  }
  if (!endpoint.enabled) {
    await record({ status: "endpoint_disabled", attempt: null, nextAttemptAt: null });
    return { ack: true };
  }
  if (status === "succeeded" && !m.force) return { ack: true };

  const body = JSON.stringify(m.payload);
  const started = now();
  const headers = signedHeaders(m.messageId, body, await signingSecretsInClear(config, endpoint, started), started);
  const fetcher = opts.fetcher ?? fetch;
  let statusCode: number | null = null;
  let retryAfter: string | null = null;
  let error: string | null = null;
  const t0 = Date.now();
  try {
    const res = await fetcher(endpoint.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "Prescripto-Webhooks/1", ...headers },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(config.WEBHOOK_TIMEOUT_MS),
    });
    statusCode = res.status;
    retryAfter = res.headers.get("Retry-After");
    // Not read: only the status matters, and a large answer must not hold the consumer.
    await res.body?.cancel();
  } catch (e) {
    error =
      e instanceof Error && e.name === "TimeoutError" ? "timeout" : `network: ${String((e as Error)?.message ?? e)}`;
  }
  const latencyMs = Date.now() - t0;
  const attempt: DeliveryAttempt = { at: started, statusCode, latencyMs, error: error?.slice(0, 300) ?? null };
  const outcome = outcomeOf(statusCode, retryAfter, now());

  if (outcome.kind === "delivered") {
    await record({ status: "succeeded", attempt, nextAttemptAt: null });
    return { ack: true };
  }
  if (outcome.kind === "gone") {
    const disabled = await gateway.disableWebhookEndpoint(endpoint._id, "gone");
    if (!disabled.ok) return { ack: false, delaySeconds: infraDelay(message, config) };
    await record({ status: "endpoint_gone", attempt, nextAttemptAt: null });
    log.warn("webhook endpoint answered 410; disabled", fields);
    return { ack: true };
  }
  const plan = planRetry({
    attempts: message.attempts,
    windowStart: new Date(m.windowStart),
    now: now(),
    random: opts.random ?? Math.random,
    retryAfterSeconds: outcome.retryAfterSeconds,
    schedule: scheduleOf(config),
  });
  if (plan.action === "retry") {
    await record({ status: "retrying", attempt, nextAttemptAt: plan.nextAttemptAt });
    log.info("webhook delivery will be retried", { ...fields, statusCode, error, delaySeconds: plan.delaySeconds });
    return { ack: false, delaySeconds: plan.delaySeconds };
  }
  // The window is over: to the dead-letter queue (its consumer records it), then ack.
  try {
    await env.WEBHOOKS_DLQ.send(message.body);
  } catch (e) {
    log.error("webhook dead-lettering failed; retried", { ...fields, error: e });
    return { ack: false, delaySeconds: infraDelay(message, config) };
  }
  await record({ status: "failed", attempt, nextAttemptAt: null });
  log.warn("webhook delivery gave up; dead-lettered", { ...fields, statusCode, error });
  return { ack: true };
}

function scheduleOf(config: AppConfig): RetrySchedule {
  return {
    baseSeconds: config.WEBHOOK_RETRY_BASE_SECONDS,
    maxDelaySeconds: config.WEBHOOK_RETRY_MAX_DELAY_SECONDS,
    windowSeconds: config.WEBHOOK_RETRY_WINDOW_SECONDS,
  };
}
