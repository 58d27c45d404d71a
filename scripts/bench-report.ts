import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ContentionFigures } from "./bench-contention.ts";
import type { LagFigures } from "./bench-lag.ts";
import type { Floor } from "./bench-references.ts";

/** One scenario's figures as the bench measured them. */
export interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** workerd CPU per request (ms), when /proc is readable. */
  workerdCpuMs: number | null;
}

/** What bench.json holds per scenario: comparable across runs by a script. */
export interface JsonFigures {
  rps: number | null;
  /** req/s against the trivial GET of the same run (null where that means nothing). */
  ratio: number | null;
  p50: number | null;
  p99: number | null;
  cpuMsPerRequest: number | null;
  errors: number;
  [extra: string]: number | null | boolean | string;
}

export interface Goal {
  goal: string;
  figure: string;
  met: boolean | null;
}

export interface RunFigures {
  results: Figures[];
  ablation: Figures[];
  helloFloor: Floor | null;
  /** hello-world plus one Rate Limiting binding check per request (Miniflare's emulation). */
  limiterFloor: Floor | null;
  bareDoFloor: Floor | null;
  contention: ContentionFigures | null;
  lag: LagFigures | null;
}

export const SCENARIO = {
  baseline: "trivial GET /api/health/live (baseline)",
  directory: "cached GET /api/v1/doctors",
  availability: "cached GET slots (one doctor, one week)",
  oneDoctor: "POST bookings, one doctor, distinct slots",
  manyDoctors: "POST bookings over 100 doctors",
  limitOff: "POST bookings, one doctor, booking limit off",
  holdPayVerify: "hold → pay → verify",
} as const;

const r2 = (n: number) => Math.round(n * 100) / 100;

export function toJson(run: RunFigures): Record<string, JsonFigures> {
  const out: Record<string, JsonFigures> = {};
  const base = run.results[0]?.rps ?? 0;
  const add = (f: Figures, baseRps: number) => {
    out[f.name] = {
      rps: r2(f.rps),
      ratio: baseRps > 0 ? r2(f.rps / baseRps) : null,
      p50: f.p50,
      p99: f.p99,
      cpuMsPerRequest: f.workerdCpuMs === null ? null : Math.round(f.workerdCpuMs * 1000) / 1000,
      errors: f.errors,
      non2xx: f.non2xx,
    };
  };
  for (const f of run.results) add(f, base);
  const ablationBase = run.ablation[0]?.rps ?? 0;
  for (const f of run.ablation) {
    add({ ...f, name: f.name === SCENARIO.baseline ? `${f.name}, restarted` : f.name }, ablationBase);
  }
  const floor = (name: string, f: Floor | null) => {
    if (f)
      out[name] = {
        rps: r2(f.rps),
        ratio: base > 0 ? r2(f.rps / base) : null,
        p50: f.p50,
        p99: f.p99,
        cpuMsPerRequest: null,
        errors: f.errors,
      };
  };
  floor("hello-world Worker, own Miniflare", run.helloFloor);
  floor("hello-world + Rate Limiting binding check, own Miniflare", run.limiterFloor);
  floor("bare DO, one SQLite insert per RPC, own Miniflare", run.bareDoFloor);
  if (run.contention) {
    const c = run.contention;
    out[`contention burst (${c.requests} requests, ${c.slots} slots, one doctor)`] = {
      rps: r2((c.requests / c.wallMs) * 1000),
      ratio: null,
      p50: c.p50Conflict,
      p99: c.p99Conflict,
      cpuMsPerRequest: null,
      errors: c.errors,
      won: c.won,
      conflicts: c.conflicts,
      oversold: c.oversold,
      wallMs: c.wallMs,
    };
    out[`burst reference (${c.requests} trivial GETs at once)`] = {
      rps: r2((c.requests / c.reference.wallMs) * 1000),
      ratio: null,
      p50: c.reference.p50,
      p99: c.reference.p99,
      cpuMsPerRequest: null,
      errors: c.reference.errors,
      wallMs: c.reference.wallMs,
    };
  }
  if (run.lag) {
    out["write-behind lag (booking answered → row in MongoDB)"] = {
      rps: null,
      ratio: null,
      p50: run.lag.p50,
      p99: run.lag.p99,
      cpuMsPerRequest: null,
      errors: run.lag.missing,
      samples: run.lag.samples,
      max: run.lag.max,
    };
  }
  return out;
}

/** The goals, each with this run's figure beside it (null: not measured in this run). */
export function goals(run: RunFigures): Goal[] {
  const by = (name: string) => run.results.find((f) => f.name === name) ?? run.ablation.find((f) => f.name === name);
  const base = by(SCENARIO.baseline);
  const one = by(SCENARIO.oneDoctor);
  const many = by(SCENARIO.manyDoctors);
  const off = run.ablation.find((f) => f.name === SCENARIO.limitOff);
  const goalsList: Goal[] = [];
  const ratioGoal = (goal: string, a: number | undefined, b: number | undefined, min: number) => {
    if (a === undefined || b === undefined || b === 0) return goalsList.push({ goal, figure: "n/a", met: null });
    const x = a / b;
    goalsList.push({ goal, figure: `${x.toFixed(2)}×`, met: x >= min });
  };
  ratioGoal("bookings on one doctor ≥ 0.5× the bare-DO floor", one?.rps, run.bareDoFloor?.rps, 0.5);
  ratioGoal("bookings with the flood limit on ≥ 0.9× off", one?.rps, off?.rps, 0.9);
  if (run.helloFloor && run.limiterFloor) {
    const last = goalsList.at(-1) as Goal;
    last.figure += ` (the binding alone, in Miniflare: hello-world ${(run.limiterFloor.rps / run.helloFloor.rps).toFixed(2)}× with it)`;
  }
  if (one?.workerdCpuMs && many?.workerdCpuMs) {
    const x = many.workerdCpuMs / one.workerdCpuMs;
    goalsList.push({
      goal: "workerd CPU per booking over 100 doctors ≤ 1.5× one doctor",
      figure: `${x.toFixed(2)}× (${many.workerdCpuMs.toFixed(2)} vs ${one.workerdCpuMs.toFixed(2)} ms)`,
      met: x <= 1.5,
    });
  } else {
    goalsList.push({ goal: "workerd CPU per booking over 100 doctors ≤ 1.5× one doctor", figure: "n/a", met: null });
  }
  for (const name of [SCENARIO.directory, SCENARIO.availability]) {
    const f = by(name);
    if (!f || !base) {
      goalsList.push({ goal: `${name} ≥ 0.85× trivial GET, p99 ≤ 20 ms`, figure: "n/a", met: null });
      continue;
    }
    const x = f.rps / base.rps;
    goalsList.push({
      goal: `${name} ≥ 0.85× trivial GET, p99 ≤ 20 ms`,
      figure: `${x.toFixed(2)}×, p99 ${f.p99} ms`,
      met: x >= 0.85 && f.p99 <= 20,
    });
  }
  const c = run.contention;
  goalsList.push(
    c
      ? {
          goal: "contention burst: 0 oversold, 0 errors, 409 p99 ≤ 100 ms",
          figure: `${c.oversold} oversold, ${c.errors} errors, ${c.won} won, 409 p50 ${c.p50Conflict} p99 ${c.p99Conflict} ms (1,000 trivial GETs at once: p50 ${c.reference.p50} p99 ${c.reference.p99} ms)`,
          met: c.oversold === 0 && c.errors === 0 && c.p99Conflict <= 100,
        }
      : { goal: "contention burst: 0 oversold, 0 errors, 409 p99 ≤ 100 ms", figure: "n/a", met: null },
  );
  goalsList.push(
    run.lag
      ? {
          goal: "write-behind lag p99 ≤ 2 s while bookings run",
          figure: `p50 ${run.lag.p50} ms, p99 ${run.lag.p99} ms (${run.lag.samples} bookings, ${run.lag.missing} missing)`,
          met: run.lag.p99 <= 2_000 && run.lag.missing === 0,
        }
      : { goal: "write-behind lag p99 ≤ 2 s while bookings run", figure: "n/a", met: null },
  );
  return goalsList;
}

export function printGoals(list: Goal[]): void {
  console.log("\nGoals (issue 10), this run:");
  for (const g of list) {
    const mark = g.met === null ? "  —  " : g.met ? " met " : " MISS";
    console.log(`[${mark}] ${g.goal.padEnd(66)} ${g.figure}`);
  }
}

export function writeJson(path: string, run: RunFigures, meta: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  const body = { ...meta, scenarios: toJson(run), goals: goals(run) };
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`);
}
