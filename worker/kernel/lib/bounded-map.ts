/**
 * A Map that forgets its oldest entry when a new key would take it past `max`, for the isolate's
 * small caches (verified tokens, active sessions, blocked rate-limit keys, public responses), so
 * none can grow without bound. "Oldest" is insertion order: delete and set a key again to make it
 * the newest (least-recently-used eviction).
 */
export class BoundedMap<K, V> extends Map<K, V> {
  // A plain field, not a parameter property: Node runs the bench scripts with type stripping only.
  readonly max: number;

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError("BoundedMap needs a max of at least 1");
    super();
    this.max = max;
  }

  override set(key: K, value: V): this {
    if (this.size >= this.max && !this.has(key)) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
