/**
 * A small per-isolate cache of public responses (LRU, short TTL). On the hottest public reads it
 * answers before the Cache API or Redis are touched. Same staleness contract as the edge cache.
 */
interface Entry {
  expires: number;
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
}

export class MicroCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 500) {}

  get(key: string, now = Date.now()): Response | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expires <= now) {
      this.entries.delete(key);
      return null;
    }
    // Refresh recency: Map iteration order is insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return new Response(entry.body.slice(0), { status: entry.status, headers: entry.headers });
  }

  async put(key: string, response: Response, ttlSeconds: number, now = Date.now()): Promise<void> {
    const body = await response.arrayBuffer();
    this.entries.set(key, {
      expires: now + ttlSeconds * 1000,
      status: response.status,
      headers: [...response.headers.entries()],
      body,
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
