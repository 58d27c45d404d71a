import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { Deps } from "../deps.ts";
import type { DeadLetterRecord } from "../messages/dead-letter.ts";

/**
 * The queues whose dead letters an admin may re-drive, and the producer each one goes back to.
 * A queue added to wrangler.toml with a dead-letter queue belongs here too.
 */
export const REDRIVABLE_QUEUES = [
  "prescripto-sor",
  "prescripto-notifications",
  "prescripto-webhooks",
  "prescripto-payments",
] as const;
export type RedrivableQueue = (typeof REDRIVABLE_QUEUES)[number];

function producer(env: Env, queue: RedrivableQueue): Queue {
  switch (queue) {
    case "prescripto-sor":
      return env.SOR_QUEUE;
    case "prescripto-notifications":
      return env.NOTIFICATIONS_QUEUE;
    case "prescripto-webhooks":
      return env.WEBHOOKS_QUEUE;
    case "prescripto-payments":
      // Verified webhooks: re-driven, each applies once (its event id is recorded with the change).
      return env.PAYMENTS_QUEUE;
  }
}

/** A webhook delivery sent back gets a new retry window (its old one is over); one delivered since (a replay) is skipped. */
function redriven(queue: RedrivableQueue, body: unknown, now: Date): unknown {
  if (queue !== "prescripto-webhooks" || typeof body !== "object" || body === null) return body;
  return { ...body, windowStart: now.toISOString() };
}

export async function listDeadLetters(
  deps: Deps,
  opts: { queue?: RedrivableQueue; limit: number },
): Promise<DeadLetterRecord[]> {
  return unwrap(
    await mongoGateway(deps.env, deps.config).pendingDeadLetters({
      queues: opts.queue ? [opts.queue] : [...REDRIVABLE_QUEUES],
      limit: opts.limit,
      redrivableOnly: false,
    }),
  ) as DeadLetterRecord[];
}

/**
 * Sends dead letters back to the queue they came from, then marks them re-driven. Messages that
 * failed validation are never re-driven (they would fail the same way). The consumers are
 * idempotent (version-guarded upserts, once-only delivery records), so a letter sent back twice
 * — a crash between the send and the mark — changes nothing the second time.
 */
export async function redriveDeadLetters(
  deps: Deps,
  opts: { queue?: RedrivableQueue; ids?: string[]; limit: number },
): Promise<{ redriven: number; byQueue: Record<string, number> }> {
  const gateway = mongoGateway(deps.env, deps.config);
  const letters = unwrap(
    await gateway.pendingDeadLetters({
      queues: opts.queue ? [opts.queue] : [...REDRIVABLE_QUEUES],
      ...(opts.ids ? { ids: opts.ids } : {}),
      limit: opts.limit,
      redrivableOnly: true,
    }),
  ) as DeadLetterRecord[];
  const byQueue: Record<string, number> = {};
  for (const queue of REDRIVABLE_QUEUES) {
    const mine = letters.filter((l) => l.queue === queue);
    if (mine.length === 0) continue;
    // sendBatch takes at most 100 messages; the limit keeps a call under that.
    const now = new Date();
    await producer(deps.env, queue).sendBatch(mine.map((l) => ({ body: redriven(queue, l.body, now) })));
    unwrap(await gateway.markRedriven(mine.map((l) => l._id)));
    byQueue[queue] = mine.length;
    deps.log.info("dead letters re-driven", { queue, count: mine.length });
  }
  return { redriven: letters.length, byQueue };
}
