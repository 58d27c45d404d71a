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
      else message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
    log.warn("invalid queue messages", { queue: batch.queue, count: invalid.length, recorded: recorded.ok });
  }

  if (valid.length === 0) return;
  let ok = false;
  try {
    const result = await mongoGateway(env, config).applySorMessages(valid.map((v) => v.body));
    ok = result.ok;
  } catch (error) {
    log.error("system-of-record write failed", { queue: batch.queue, error });
  }
  for (const { message } of valid) {
    if (ok) message.ack();
    else message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
  if (!ok) log.warn("system-of-record write deferred", { queue: batch.queue, count: valid.length });
}
