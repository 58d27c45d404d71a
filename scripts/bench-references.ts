import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { freePort, LOOPBACK } from "./services/ports.ts";

/**
 * The platform's floors, each a minimal Worker in a Miniflare of its own under the bench's load:
 * what workerd on this machine costs before any of the app's code runs.
 */
export interface Floor {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const HELLO = `export default {
  fetch: () => new Response('{"status":"ok"}', { headers: { "Content-Type": "application/json" } }),
};
`;

/**
 * One Durable Object doing one SQLite insert per RPC, every request to the same object: the floor
 * for a serialized write (what a booking on one doctor can at best approach).
 */
const BARE_DO = `import { DurableObject } from "cloudflare:workers";
export class Bare extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("create table if not exists t (id integer primary key, v text not null, at integer not null)");
  }
  async insert(v) {
    this.ctx.storage.sql.exec("insert into t (v, at) values (?, ?)", v, Date.now());
    return { ok: true };
  }
}
export default {
  async fetch(request, env) {
    const body = await request.text();
    const stub = env.BARE.get(env.BARE.idFromName("one"));
    return Response.json(await stub.insert(body), { status: 201 });
  },
};
`;

/**
 * The hello-world Worker asking the Workers Rate Limiting binding once per request: next to the
 * hello-world floor, what Miniflare's emulation of the binding costs by itself. (Miniflare runs the
 * binding as a JavaScript Worker of its own behind a service binding; Cloudflare's is built into
 * the runtime, so this ratio is the local emulation's, not production's.)
 */
const HELLO_LIMITED = `let n = 0;
export default {
  async fetch(request, env) {
    const { success } = await env.LIMITER.limit({ key: "caller-" + (n++ % 200) });
    return new Response(JSON.stringify({ status: "ok", success }), { headers: { "Content-Type": "application/json" } });
  },
};
`;

interface FloorOptions {
  compatibilityDate: string;
  connections: number;
  seconds: number;
  /** Where the Workers' scripts (and the DO's SQLite) live: tmpfs when the bench uses it. */
  scratchDir: string;
  log: (m: string) => void;
}

async function runFloor(
  name: string,
  script: string,
  extra: Record<string, unknown>,
  load: Partial<autocannon.Options>,
  o: FloorOptions,
): Promise<Floor> {
  const dir = mkdtempSync(join(o.scratchDir, `${name.replace(/\W+/g, "-")}-`));
  const path = join(dir, "worker.js");
  writeFileSync(path, script);
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      name: "floor",
      rootPath: dir,
      modulesRoot: dir,
      modules: [{ type: "ESModule", path }],
      compatibilityDate: o.compatibilityDate,
      host: LOOPBACK,
      port: await freePort(),
      resourcePersistencePath: join(dir, "state"),
      ...extra,
    } as unknown as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  try {
    const url = (await mf.ready).toString();
    await autocannon({ url, connections: o.connections, duration: 2, ...load });
    const r = await autocannon({ url, connections: o.connections, duration: o.seconds, ...load });
    o.log(
      `${name}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} p90 ${r.latency.p90} p99 ${r.latency.p99} p99.9 ${r.latency.p99_9} max ${r.latency.max} ms, non-2xx ${r.non2xx}`,
    );
    return {
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors + r.timeouts + r.non2xx,
    };
  } finally {
    await mf.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A hello-world Worker: the floor for any request. */
export function helloWorldFloor(o: FloorOptions): Promise<Floor> {
  return runFloor("hello-world floor", HELLO, {}, {}, o);
}

/** The hello-world Worker plus one Rate Limiting binding check per request (see HELLO_LIMITED). */
export function rateLimitBindingFloor(o: FloorOptions): Promise<Floor> {
  return runFloor(
    "hello-world + rate limiting binding",
    HELLO_LIMITED,
    { ratelimits: { LIMITER: { namespace_id: "1002", simple: { limit: 100_000_000, period: 60 } } } },
    {},
    o,
  );
}

/** One SQLite insert per request in one Durable Object: the floor for a serialized write. */
export function bareDurableObjectFloor(o: FloorOptions): Promise<Floor> {
  return runFloor(
    "bare-DO insert floor",
    BARE_DO,
    { durableObjects: { BARE: { className: "Bare", useSQLite: true } } },
    { method: "POST", body: JSON.stringify({ doctorId: "doc_floor", start: "2030-01-01T00:00:00.000Z" }) },
    o,
  );
}
