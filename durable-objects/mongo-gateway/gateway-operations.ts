import type { GatewayResult } from "../../worker/kernel/lib/gateway-result.ts";
import type { SorRecord } from "../../worker/kernel/messages/sor-messages.ts";
import * as appointmentsRepo from "./appointments.repo.ts";
import { collections, type DeadLetterRecord } from "./collections.ts";
import { MongoGatewayCore } from "./gateway-core.ts";

export interface DeadLetterInput {
  queue: string;
  messageId: string;
  body: unknown;
  attempts: number;
  reason: string;
}

/** The queues' side of the gateway: system-of-record writes, dead letters, probes. */
export class OperationsGateway extends MongoGatewayCore {
  /**
   * Applies system-of-record messages idempotently. Appointment snapshots are upserted keyed by
   * id and guarded by version (an older version never overwrites a newer one). Returns the
   * indexes of messages to retry later: a snapshot that collides with another appointment still
   * active on the same slot (its cancellation has not arrived yet) waits for it.
   */
  async applySorMessages(messages: SorRecord[]): Promise<GatewayResult<{ retry: number[] }>> {
    return this.run((db) => appointmentsRepo.applySorMessages(db, messages));
  }

  /** Dead letters not yet re-driven, oldest first. Invalid messages are listed but never re-driven. */
  async pendingDeadLetters(opts: {
    queues: string[];
    ids?: string[];
    limit: number;
    redrivableOnly: boolean;
  }): Promise<GatewayResult<DeadLetterRecord[]>> {
    return this.run(async (db) =>
      collections(db)
        .deadLetters.find({
          queue: { $in: opts.queues },
          ...(opts.ids ? { _id: { $in: opts.ids } } : {}),
          redrivenAt: null,
          ...(opts.redrivableOnly ? { reason: "retries exhausted" } : {}),
        })
        .sort({ recordedAt: 1 })
        .limit(opts.limit)
        .toArray(),
    );
  }

  async markRedriven(ids: string[]): Promise<GatewayResult<{ marked: number }>> {
    return this.run(async (db) => {
      const r = await collections(db).deadLetters.updateMany(
        { _id: { $in: ids } },
        { $set: { redrivenAt: new Date() } },
      );
      return { marked: r.modifiedCount };
    });
  }

  async findProbe(probeId: string): Promise<GatewayResult<{ consumedAt: string } | null>> {
    return this.run(async (db) => {
      const probe = await collections(db).queueProbes.findOne({ _id: probeId });
      return probe ? { consumedAt: probe.consumedAt.toISOString() } : null;
    });
  }

  async recordDeadLetters(entries: DeadLetterInput[]): Promise<GatewayResult<{ recorded: number }>> {
    return this.run(async (db) => {
      const { deadLetters } = collections(db);
      const now = new Date();
      await deadLetters.bulkWrite(
        entries.map((e) => {
          const doc: DeadLetterRecord = {
            _id: `${e.queue}:${e.messageId}`,
            queue: e.queue,
            messageId: e.messageId,
            body: e.body,
            attempts: e.attempts,
            reason: e.reason,
            recordedAt: now,
            redrivenAt: null,
          };
          return { replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } };
        }),
        { ordered: false },
      );
      return { recorded: entries.length };
    });
  }
}
