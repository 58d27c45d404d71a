import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LOOPBACK } from "./ports.ts";
import { apiRoutes } from "./razorpay-standin/api.ts";
import { checkoutPage, checkoutScript } from "./razorpay-standin/checkout-assets.ts";
import { controlRoutes } from "./razorpay-standin/control.ts";
import {
  type Ctx,
  HttpError,
  type RazorpayStandin,
  razorpayError,
  type StandinConfig,
} from "./razorpay-standin/shared.ts";
import { type Json, type RecordedEvent, StandinStore } from "./razorpay-standin/store.ts";

export type { RazorpayStandin, StandinConfig } from "./razorpay-standin/shared.ts";

import { sendEvent } from "./razorpay-standin/webhooks.ts";

/**
 * A local Razorpay: the REST calls the product makes (orders, payments, refunds) with Basic auth,
 * Razorpay's field names, statuses and error bodies; a Checkout script and page a browser can
 * drive; and control endpoints (/_control/…, see control.ts) that complete a checkout as a browser
 * would and send any webhook event, signed, to the configured target. Listens on 127.0.0.1 only.
 */
export interface StartRazorpayStandinOptions {
  keyId?: string;
  keySecret?: string;
  webhookSecret?: string;
  /** Mirror state to this JSON file (kept across restarts). */
  dataFile?: string;
  port?: number;
  config?: Partial<StandinConfig>;
  log?: (message: string) => void;
}

export async function startRazorpayStandin(opts: StartRazorpayStandinOptions = {}): Promise<RazorpayStandin> {
  const log = opts.log ?? (() => {});
  const keyId = opts.keyId ?? `rzp_test_${randomBytes(7).toString("hex")}`;
  const keySecret = opts.keySecret ?? randomBytes(18).toString("base64url");
  const webhookSecret = opts.webhookSecret ?? randomBytes(18).toString("base64url");
  const store = new StandinStore(opts.dataFile ?? null, "acc_StandIn0000001");
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    t.unref();
    timers.add(t);
  };
  const config: StandinConfig = {
    webhookUrl: null,
    autoWebhooks: true,
    webhookDelayMs: 0,
    webhookRetryDelaysMs: [500, 2_000, 5_000],
    refundSettleMs: 2_000,
    refundOutcome: "processed",
    ...opts.config,
  };

  const standin: RazorpayStandin = {
    url: "",
    keyId,
    keySecret,
    webhookSecret,
    store,
    config,
    configure: (patch) => Object.assign(config, patch),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      store.flush();
    },
  };

  const deliver: Ctx["deliver"] = async (recorded, o = {}) => {
    const target = o.target ?? config.webhookUrl;
    if (!target) return null;
    const status = await sendEvent(recorded, { target, secret: o.secret ?? webhookSecret, tamper: o.tamper });
    store.save();
    return status;
  };

  const deliverWithRetries = (recorded: RecordedEvent, attempt: number) => {
    void deliver(recorded).then((status) => {
      const ok = status !== null && status >= 200 && status < 300;
      const delay = config.webhookRetryDelaysMs[attempt];
      if (!ok && delay !== undefined && config.webhookUrl)
        later(delay, () => deliverWithRetries(recorded, attempt + 1));
    });
  };

  const ctx: Ctx = {
    store,
    standin,
    deliver,
    emit: (event, entities) => {
      const recorded = store.recordEvent(event, entities);
      if (config.autoWebhooks && config.webhookUrl) {
        // Sent in the order recorded; tests that want another order replay events explicitly.
        later(config.webhookDelayMs, () => deliverWithRetries(recorded, 0));
      }
      return recorded;
    },
    scheduleRefundSettlement: (refundId) => {
      if (config.refundSettleMs === null) return;
      later(config.refundSettleMs, () => {
        const refund = store.state.refunds[refundId];
        if (refund?.status !== "pending") return;
        const payment = store.settleRefund(refund, config.refundOutcome);
        ctx.emit(`refund.${config.refundOutcome}`, { refund, ...(payment ? { payment } : {}) });
        store.save();
      });
    },
  };

  const api = apiRoutes(ctx);
  const control = controlRoutes(ctx);
  const expectedAuth = Buffer.from(`Basic ${Buffer.from(`${keyId}:${keySecret}`).toString("base64")}`);

  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => {
      log(`razorpay stand-in: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) send(res, 500, { error: { code: "SERVER_ERROR", description: "stand-in failure" } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", standin.url || "http://127.0.0.1");
    const method = req.method ?? "GET";
    if (method === "GET" && url.pathname === "/v1/checkout.js") {
      return sendText(res, 200, "application/javascript; charset=utf-8", checkoutScript(standin.url));
    }
    if (method === "GET" && url.pathname === "/checkout") {
      return sendText(res, 200, "text/html; charset=utf-8", checkoutPage(url.searchParams));
    }
    const isApi = url.pathname.startsWith("/v1/");
    const routes = isApi ? api : url.pathname.startsWith("/_control/") ? control : [];
    if (isApi) {
      const given = Buffer.from(req.headers.authorization ?? "");
      if (given.length !== expectedAuth.length || !timingSafeEqual(given, expectedAuth)) {
        return send(res, 401, {
          error: {
            code: "BAD_REQUEST_ERROR",
            description: "Authentication failed",
            source: "NA",
            step: "NA",
            reason: "NA",
            metadata: {},
          },
        });
      }
    }
    for (const [m, pattern, handler] of routes) {
      const match = pattern.exec(url.pathname);
      if (!match || m !== method) continue;
      let body: Json = {};
      const raw = await readBody(req);
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw) as Json;
        } catch {
          return send(res, 400, razorpayError("The request body is not valid JSON."));
        }
      }
      try {
        const idempotencyKey = req.headers["x-refund-idempotency"];
        const result = await handler({
          body,
          query: url.searchParams,
          params: match.slice(1),
          ...(typeof idempotencyKey === "string" ? { idempotencyKey } : {}),
        });
        return send(res, 200, result);
      } catch (error) {
        if (error instanceof HttpError) return send(res, error.status, razorpayError(error.description, error.field));
        throw error;
      }
    }
    return send(res, 404, razorpayError("The requested URL was not found on the server.", undefined, "NOT_FOUND"));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: LOOPBACK, port: opts.port ?? 0 }, () => resolve());
  });
  standin.url = `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`;
  log(`razorpay stand-in ready at ${standin.url} (key ${keyId})`);
  return standin;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > 1_048_576) req.destroy(new Error("body too large"));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown) {
  sendText(res, status, "application/json; charset=utf-8", JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, type: string, text: string) {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" });
  res.end(text);
}
