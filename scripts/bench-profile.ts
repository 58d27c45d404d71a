import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * BENCH_PROFILE=1 (with BENCH_INSPECT=<port>): a V8 CPU profile of the app's isolate in workerd for
 * each measured scenario, through the inspector's Chrome DevTools Protocol. The .cpuprofile files
 * open in Chrome DevTools; the bench prints where the isolate's samples went, grouped by the code
 * that spent them, so a figure comes with the reason behind it.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export class IsolateProfiler {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private readonly inspectorPort: number;
  private readonly outDir: string;

  private readonly bundle: string;

  /** `bundle`: the Worker's bundled source, to name the module behind each sample. */
  constructor(inspectorPort: number, outDir: string, bundle: string) {
    this.inspectorPort = inspectorPort;
    this.outDir = outDir;
    this.bundle = bundle;
  }

  /** Connects to the isolate named `worker` (the app, not Miniflare's own entry worker). */
  async connect(worker: string): Promise<void> {
    const targets = (await (await fetch(`http://127.0.0.1:${this.inspectorPort}/json/list`)).json()) as {
      title?: string;
      id?: string;
      webSocketDebuggerUrl: string;
    }[];
    const target = targets.find((t) => t.title?.includes(worker) || t.id?.includes(worker));
    if (!target) throw new Error(`no inspector target for ${worker}: ${targets.map((t) => t.title).join(", ")}`);
    const ws = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener("open", () => resolve(), { once: true });
      ws.addEventListener("error", () => reject(new Error("inspector connection failed")), { once: true });
    });
    ws.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
    });
    this.ws = ws;
    await this.send("Profiler.enable");
    await this.send("Profiler.setSamplingInterval", { interval: 200 });
  }

  private send(method: string, params: object = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws?.send(JSON.stringify({ id, method, params }));
    });
  }

  start(): Promise<unknown> {
    return this.send("Profiler.start");
  }

  /** Stops, writes `<name>.cpuprofile` and returns the self time per module, largest first. */
  async stop(name: string): Promise<{ group: string; ms: number; share: number }[]> {
    const { profile } = (await this.send("Profiler.stop")) as { profile: Profile };
    mkdirSync(this.outDir, { recursive: true });
    writeFileSync(join(this.outDir, `${name.replace(/[^A-Za-z0-9]+/g, "-")}.cpuprofile`), JSON.stringify(profile));
    return selfTimeByGroup(profile, this.bundle);
  }

  close(): void {
    this.ws?.close();
  }
}

/**
 * esbuild marks each module in the bundle with a `// path` line; a bundle line maps to the module
 * it lies in, and a package's modules to the package.
 */
function moduleMap(bundle: string): (line: number) => string {
  const marks: [number, string][] = [];
  bundle.split("\n").forEach((l, i) => {
    if (/^\/\/ (node_modules\/|node-built-in|[\w-]+\/).*\.\w+$/.test(l)) marks.push([i, l.slice(3)]);
  });
  const packageOf = (path: string) => {
    if (!path.startsWith("node_modules/")) return path;
    const parts = path.split("/");
    return (parts[1] ?? "").startsWith("@") ? parts.slice(0, 3).join("/") : parts.slice(0, 2).join("/");
  };
  return (line) => {
    let lo = 0;
    let hi = marks.length - 1;
    let found = "(bundle prelude)";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [at, path] = marks[mid] as [number, string];
      if (at <= line) {
        found = path;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return packageOf(found);
  };
}

/**
 * Self time of the samples by the module of the innermost frame in the app's bundle: a native call
 * (SQLite, crypto, an RPC) counts for the code that made it. Frames outside the bundle (the
 * runtime's own, GC, idle) are named as V8 names them; idle time is left out.
 */
export function selfTimeByGroup(profile: Profile, bundle: string): { group: string; ms: number; share: number }[] {
  const moduleOf = moduleMap(bundle);
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const groupOf = new Map<number, string>();
  const group = (id: number): string => {
    const known = groupOf.get(id);
    if (known) return known;
    let g = `[${(byId.get(id) as ProfileNode).callFrame.functionName || "native"}]`;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = (byId.get(cur) as ProfileNode).callFrame;
      if (f.url.endsWith("index.js")) {
        g = moduleOf(f.lineNumber);
        break;
      }
    }
    groupOf.set(id, g);
    return g;
  };
  const totals = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    if ((byId.get(id) as ProfileNode).callFrame.functionName === "(idle)") return;
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const g = group(id);
    totals.set(g, (totals.get(g) ?? 0) + dt);
    busy += dt;
  });
  return [...totals].map(([g, ms]) => ({ group: g, ms, share: busy ? ms / busy : 0 })).sort((a, b) => b.ms - a.ms);
}
