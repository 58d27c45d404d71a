import { MongoClient } from "mongodb";
import { percentile } from "./bench-contention.ts";

/**
 * Write-behind lag: from a booking's answer to its row in MongoDB, while bookings run. Booking
 * answers are recorded with `answered`; a poller looks the pending ids up in MongoDB every
 * POLL_MS, so a figure is late by at most that much.
 */
export interface LagFigures {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  /** Bookings answered but not in MongoDB when the wait after the load ended. */
  missing: number;
}

const POLL_MS = 20;
const ID_BATCH = 500;

export class WriteBehindLag {
  private readonly answeredAt = new Map<string, number>();
  private readonly lags: number[] = [];
  private polling: Promise<void> | null = null;
  private stopped = false;
  private readonly client: MongoClient;
  private readonly dbName: string;

  constructor(mongoUri: string, dbName: string) {
    this.client = new MongoClient(mongoUri);
    this.dbName = dbName;
  }

  /** Records a 201 booking answer's body (the appointment id) at the moment it arrived. */
  answered(body: string): void {
    const id = (JSON.parse(body) as { appointment?: { id?: string } }).appointment?.id;
    if (id) this.answeredAt.set(id, performance.now());
  }

  start(): void {
    this.polling = this.poll();
  }

  private async poll(): Promise<void> {
    const appointments = this.client.db(this.dbName).collection<{ _id: string }>("appointments");
    while (!this.stopped) {
      const pending = [...this.answeredAt.keys()];
      for (let i = 0; i < pending.length; i += ID_BATCH) {
        const ids = pending.slice(i, i + ID_BATCH);
        const found = await appointments.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray();
        const now = performance.now();
        for (const d of found) {
          const at = this.answeredAt.get(d._id);
          if (at === undefined) continue;
          this.lags.push(now - at);
          this.answeredAt.delete(d._id);
        }
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** Waits up to `graceMs` for the stragglers, then stops and returns the figures. */
  async finish(graceMs = 15_000): Promise<LagFigures> {
    const deadline = Date.now() + graceMs;
    while (this.answeredAt.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    this.stopped = true;
    await this.polling;
    await this.client.close();
    const sorted = [...this.lags].sort((a, b) => a - b);
    return {
      samples: sorted.length,
      p50: Math.round(percentile(sorted, 50)),
      p99: Math.round(percentile(sorted, 99)),
      max: Math.round(sorted.at(-1) ?? 0),
      missing: this.answeredAt.size,
    };
  }
}
