import { mongoGateway } from "../worker/kernel/clients/mongo-gateway.ts";
import type { AppConfig } from "../worker/kernel/config.ts";
import { retryDelaySeconds } from "../worker/kernel/lib/backoff.ts";
import type { Logger } from "../worker/kernel/lib/logger.ts";

/**
 * Records messages that exhausted their retries in MongoDB's dead_letters collection, where
 * they can be inspected and re-driven. Acks only once the record is written.
 */
export async function consumeDeadLetters(
  batch: MessageBatch<unknown>,
  env: Env,
  config: AppConfig,
  log: Logger,
): Promise<void> {
  const sourceQueue = batch.queue.replace(/-dlq$/, "");
  let ok = false;
  try {
    const result = await mongoGateway(env, config).recordDeadLetters(
      batch.messages.map((m) => ({
        queue: sourceQueue,
        messageId: m.id,
        body: m.body,
        attempts: m.attempts,
        reason: "retries exhausted",
      })),
    );
    ok = result.ok;
  } catch (error) {
    log.error("dead-letter record failed", { queue: batch.queue, error });
  }
  for (const m of batch.messages) {
    if (ok) m.ack();
    else m.retry({ delaySeconds: retryDelaySeconds(m.attempts, Math.random, config.QUEUE_RETRY_MAX_DELAY_SECONDS) });
  }
  if (ok) log.warn("messages dead-lettered", { queue: sourceQueue, count: batch.messages.length });
}
