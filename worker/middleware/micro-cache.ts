/**
 * A small per-isolate cache of public responses (LRU, short TTL). On the hottest public reads it
 * answers before the Cache API or Redis are touched. Same staleness contract as the edge cache.
 */
interface Entry {
  expires: number;
  status: number;
  headers: [string, string][];
  /**
   * Text bodies are kept as strings: a hit then allocates nothing for the body on the JS heap
   * (the runtime encodes it while writing), where an ArrayBuffer would need a copy per hit
   * because a Response takes ownership of its buffer. That copy showed up as GC in the tail.
   */
  body: string | ArrayBuffer;
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
    const body = typeof entry.body === "string" ? entry.body : entry.body.slice(0);
    return new Response(body, { status: entry.status, headers: entry.headers });
  }

  async put(key: string, response: Response, ttlSeconds: number, now = Date.now()): Promise<void> {
    const type = response.headers.get("Content-Type") ?? "";
    const body = /^(text\/|application\/([a-z.+-]*\+)?json)/.test(type)
      ? await response.text()
      : await response.arrayBuffer();
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
