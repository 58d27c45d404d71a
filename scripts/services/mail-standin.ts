import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LOOPBACK } from "./ports.ts";

/**
 * A local stand-in for Resend's email API, so the Worker's real adapter
 * (worker/kernel/clients/email.ts) runs unchanged in dev and tests.
 *
 * Wire contract (as Resend documents it):
 *   POST /emails  Authorization: Bearer <key>, JSON {from, to, subject, html?, text?,
 *                 attachments?: [{filename, content (base64), content_type?}]}
 *                 -> 200 {"id"}; errors {statusCode, name, message} (401 missing_api_key,
 *                 422 validation_error). An `Idempotency-Key` seen before with the same body
 *                 answers the first id without storing a second email; with a different body,
 *                 409 invalid_idempotent_request.
 * Test controls (not Resend's): POST /_standin/fail {count?, ms?, status?, to?} makes the next
 * `count` sends (or those in the next `ms`), optionally only to addresses containing `to`, fail
 * with `status` (default 503); DELETE /_standin/fail clears; GET /_standin/messages?to= lists
 * what was stored as JSON. The development mailbox is GET / (list) and /messages/:id (the HTML,
 * the text part and the attachments, downloadable).
 */
export interface StoredEmail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  idempotencyKey: string | null;
  /** Send requests that carried this message's key (repeats are answered, not stored again). */
  requests: number;
  attachments: { filename: string; contentType: string; content: string }[];
}

interface FailureRule {
  remaining: number;
  until: number;
  status: number;
  to: string | null;
}

export interface MailStandin {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 40 * 1024 * 1024;

export async function startMailStandin(opts: { port?: number; log?: (m: string) => void } = {}): Promise<MailStandin> {
  const messages: StoredEmail[] = [];
  const byKey = new Map<string, { hash: string; id: string }>();
  const failures: FailureRule[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      json(res, 500, { statusCode: 500, name: "application_error", message: String(error) }),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://standin");
    const path = url.pathname;
    if (req.method === "POST" && path === "/emails") return sendEmail(req, res);
    if (path === "/_standin/fail" && req.method === "POST") {
      const rule = JSON.parse((await readBody(req)).toString("utf8") || "{}") as Partial<FailureRule> & {
        count?: number;
        ms?: number;
      };
      failures.push({
        remaining: rule.count ?? (rule.ms ? Number.POSITIVE_INFINITY : 1),
        until: rule.ms ? Date.now() + rule.ms : Number.POSITIVE_INFINITY,
        status: rule.status ?? 503,
        to: rule.to ?? null,
      });
      return json(res, 200, { ok: true });
    }
    if (path === "/_standin/fail" && req.method === "DELETE") {
      failures.length = 0;
      return json(res, 200, { ok: true });
    }
    if (req.method !== "GET") return json(res, 405, { statusCode: 405, name: "method_not_allowed", message: "" });
    if (path === "/_standin/messages") {
      const to = url.searchParams.get("to");
      return json(res, 200, { messages: to ? messages.filter((m) => m.to.some((t) => t.includes(to))) : messages });
    }
    if (path === "/") return page(res, 200, "Development mailbox", mailboxList(messages));
    const m = /^\/messages\/([0-9a-f-]{36})(?:\/attachments\/(\d+))?$/.exec(path);
    const message = m ? messages.find((x) => x.id === m[1]) : undefined;
    if (!m || !message) return page(res, 404, "Not found", "<p>No such message.</p>");
    if (m[2] === undefined) return page(res, 200, message.subject, messagePage(message));
    const attachment = message.attachments[Number(m[2])];
    if (!attachment) return page(res, 404, "Not found", "<p>No such attachment.</p>");
    res.writeHead(200, {
      "Content-Type": attachment.contentType,
      "Content-Disposition": `attachment; filename="${attachment.filename.replace(/[^\w.-]/g, "_")}"`,
    });
    res.end(attachment.content);
  }

  async function sendEmail(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization ?? "";
    if (!/^Bearer \S+$/.test(auth)) {
      return json(res, 401, {
        statusCode: 401,
        name: "missing_api_key",
        message: "Missing API key in the authorization header",
      });
    }
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
    } catch {
      return json(res, 422, { statusCode: 422, name: "validation_error", message: "Invalid JSON body" });
    }
    const to = typeof body.to === "string" ? [body.to] : Array.isArray(body.to) ? body.to.map(String) : [];
    const failure = failures.find(
      (f) => f.remaining > 0 && Date.now() < f.until && (f.to === null || to.some((t) => t.includes(f.to as string))),
    );
    if (failure) {
      failure.remaining -= 1;
      return json(res, failure.status, {
        statusCode: failure.status,
        name: "application_error",
        message: "Injected failure",
      });
    }
    const missing = ["from", "subject"].filter((k) => typeof body[k] !== "string" || body[k] === "");
    if (to.length === 0) missing.push("to");
    if (typeof body.html !== "string" && typeof body.text !== "string") missing.push("html or text");
    if (missing.length > 0) {
      return json(res, 422, { statusCode: 422, name: "validation_error", message: `Missing ${missing.join(", ")}` });
    }
    const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
    const hash = createHash("sha256").update(raw).digest("hex");
    if (key !== null) {
      if (key.length > 256) {
        return json(res, 422, { statusCode: 422, name: "validation_error", message: "Idempotency key too long" });
      }
      const seen = byKey.get(key);
      if (seen && seen.hash !== hash) {
        return json(res, 409, {
          statusCode: 409,
          name: "invalid_idempotent_request",
          message: "Same idempotency key used with a different request payload.",
        });
      }
      if (seen) {
        const original = messages.find((m) => m.id === seen.id);
        if (original) original.requests += 1;
        return json(res, 200, { id: seen.id });
      }
    }
    const attachments = (Array.isArray(body.attachments) ? body.attachments : []) as Record<string, unknown>[];
    const stored: StoredEmail = {
      id: randomUUID(),
      receivedAt: new Date().toISOString(),
      from: String(body.from),
      to,
      subject: String(body.subject),
      html: typeof body.html === "string" ? body.html : null,
      text: typeof body.text === "string" ? body.text : null,
      idempotencyKey: key,
      requests: 1,
      attachments: attachments.map((a) => ({
        filename: String(a.filename ?? "attachment"),
        contentType: String(a.content_type ?? "application/octet-stream"),
        content: Buffer.from(String(a.content ?? ""), "base64").toString("utf8"),
      })),
    };
    messages.push(stored);
    if (key !== null) byKey.set(key, { hash, id: stored.id });
    opts.log?.(`mail stand-in: stored "${stored.subject}"`);
    return json(res, 200, { id: stored.id });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, LOOPBACK, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error("body too large"));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

const esc = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>` +
      "<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:24px auto;padding:0 16px}" +
      "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:6px;border-bottom:1px solid #ddd}" +
      "pre{white-space:pre-wrap;background:#f6f6f6;padding:12px}iframe{width:100%;height:560px;border:1px solid #ccc}</style>" +
      `</head><body><main>${body}</main></body></html>`,
  );
}

function mailboxList(messages: StoredEmail[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<tr><td>${esc(m.receivedAt)}</td><td>${esc(m.to.join(", "))}</td>` +
        `<td><a href="/messages/${m.id}">${esc(m.subject)}</a></td><td>${m.attachments.length}</td></tr>`,
    )
    .join("");
  return (
    `<h1>Development mailbox</h1><p>${messages.length} message(s) received by the local email stand-in (newest first).</p>` +
    `<table><thead><tr><th>Received</th><th>To</th><th>Subject</th><th>Attachments</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

function messagePage(m: StoredEmail): string {
  const attachments = m.attachments
    .map(
      (a, i) =>
        `<li><a href="/messages/${m.id}/attachments/${i}" download="${esc(a.filename)}">${esc(a.filename)}</a> (${esc(a.contentType)})</li>`,
    )
    .join("");
  return (
    `<p><a href="/">← Mailbox</a></p><h1>${esc(m.subject)}</h1>` +
    `<p>From ${esc(m.from)} to ${esc(m.to.join(", "))}, ${esc(m.receivedAt)}; idempotency key ${esc(m.idempotencyKey ?? "none")}</p>` +
    `<h2>Attachments</h2>${attachments ? `<ul>${attachments}</ul>` : "<p>None.</p>"}` +
    // The message's HTML in a sandbox: no scripts, no same-origin access to the mailbox.
    `<h2>HTML part</h2>${m.html ? `<iframe sandbox title="HTML part" srcdoc="${esc(m.html)}"></iframe>` : "<p>None.</p>"}` +
    `<h2>Text part</h2>${m.text ? `<pre>${esc(m.text)}</pre>` : "<p>None.</p>"}`
  );
}
