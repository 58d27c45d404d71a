/**
 * The contention burst: REQUESTS bookings fired at once for SLOTS slots of one doctor. Exactly one
 * per slot must win; the losers must get their 409 fast. Oversold slots are counted from the
 * answers and again from the doctor's ledger.
 */
export interface ContentionFigures {
  requests: number;
  slots: number;
  won: number;
  conflicts: number;
  /** Anything but 201 or 409 (and network failures). */
  errors: number;
  oversold: number;
  p50Conflict: number;
  p99Conflict: number;
  wallMs: number;
  /**
   * The same 1,000 requests at once as trivial GETs (/api/health/live), measured just before: how
   * long this machine's workerd takes to answer that many simultaneous requests of any kind.
   */
  reference: { p50: number; p99: number; wallMs: number; errors: number };
}

const REQUESTS = 1_000;
const SLOTS = 20;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export { percentile };

/** REQUESTS trivial GETs fired at once: the floor any burst of that size is measured against. */
async function burstReference(url: string): Promise<ContentionFigures["reference"]> {
  const began = performance.now();
  const answers = await Promise.all(
    Array.from({ length: REQUESTS }, async () => {
      const t0 = performance.now();
      try {
        const res = await fetch(`${url}/api/health/live`);
        await res.arrayBuffer();
        return { ok: res.status === 200, ms: performance.now() - t0 };
      } catch {
        return { ok: false, ms: performance.now() - t0 };
      }
    }),
  );
  const wallMs = performance.now() - began;
  const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
  return {
    p50: Math.round(percentile(ms, 50)),
    p99: Math.round(percentile(ms, 99)),
    wallMs: Math.round(wallMs),
    errors: answers.filter((a) => !a.ok).length,
  };
}

export async function contentionBurst(o: {
  url: string;
  doctorId: string;
  adminToken: string;
  tokens: readonly string[];
  /** SLOTS distinct free starts of the doctor. */
  starts: readonly string[];
}): Promise<ContentionFigures> {
  if (o.starts.length < SLOTS) throw new Error(`contention burst needs ${SLOTS} slots`);
  const reference = await burstReference(o.url);
  const began = performance.now();
  const answers = await Promise.all(
    Array.from({ length: REQUESTS }, async (_, i) => {
      const start = o.starts[i % SLOTS] as string;
      const token = o.tokens[i % o.tokens.length] as string;
      const t0 = performance.now();
      try {
        const res = await fetch(`${o.url}/api/v1/appointments`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: JSON.stringify({ doctorId: o.doctorId, start }),
        });
        await res.arrayBuffer();
        return { start, status: res.status, ms: performance.now() - t0 };
      } catch {
        return { start, status: 0, ms: performance.now() - t0 };
      }
    }),
  );
  const wallMs = performance.now() - began;
  const winsPerSlot = new Map<string, number>();
  for (const a of answers.filter((x) => x.status === 201)) {
    winsPerSlot.set(a.start, (winsPerSlot.get(a.start) ?? 0) + 1);
  }
  const ledger = (await (
    await fetch(`${o.url}/api/v1/admin/doctors/${o.doctorId}/ledger`, {
      headers: { Authorization: `Bearer ${o.adminToken}` },
    })
  ).json()) as { appointments: { start: string; status: string }[] };
  const bookedPerSlot = new Map<string, number>();
  for (const a of ledger.appointments.filter((x) => x.status === "booked" || x.status === "held")) {
    bookedPerSlot.set(a.start, (bookedPerSlot.get(a.start) ?? 0) + 1);
  }
  const over = (m: Map<string, number>) => [...m.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
  const conflictMs = answers
    .filter((a) => a.status === 409)
    .map((a) => a.ms)
    .sort((a, b) => a - b);
  return {
    requests: REQUESTS,
    slots: SLOTS,
    won: answers.filter((a) => a.status === 201).length,
    conflicts: conflictMs.length,
    errors: answers.filter((a) => a.status !== 201 && a.status !== 409).length,
    oversold: Math.max(over(winsPerSlot), over(bookedPerSlot)),
    p50Conflict: Math.round(percentile(conflictMs, 50)),
    p99Conflict: Math.round(percentile(conflictMs, 99)),
    wallMs: Math.round(wallMs),
    reference,
  };
}
