import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MailStandin, type StoredEmail, startMailStandin } from "../../scripts/services/mail-standin.ts";
import { emailSender, type OutgoingEmail } from "../../worker/kernel/clients/email.ts";

// The Resend adapter against the local stand-in that speaks Resend's API (both real code, on loopback).
let standin: MailStandin;
beforeAll(async () => {
  standin = await startMailStandin();
});
afterAll(async () => {
  await standin.close();
});

const config = () => ({
  EMAIL_API_BASE: standin.url,
  EMAIL_API_KEY: "re_test",
  EMAIL_FROM: "Prescripto <a@prescripto.test>",
});
const unique = () => `p-${crypto.randomUUID().slice(0, 8)}@example.test`;
const email = (to: string, over: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  to,
  subject: "Booked",
  html: "<p>Booked</p>",
  text: "Booked",
  attachments: [
    {
      filename: "invite.ics",
      content: "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR",
      contentType: "text/calendar; method=REQUEST",
    },
  ],
  idempotencyKey: `key-${to}`,
  ...over,
});
async function inbox(to: string): Promise<StoredEmail[]> {
  const res = await fetch(`${standin.url}/_standin/messages?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: StoredEmail[] }).messages;
}

describe("email adapter (Resend API) and its local stand-in", () => {
  it("sends an email with its text, HTML and .ics attachment", async () => {
    const to = unique();
    const result = await emailSender(config()).send(email(to));
    expect(result).toMatchObject({ ok: true, duplicate: false, id: expect.any(String) });
    const [stored] = await inbox(to);
    expect(stored).toMatchObject({
      from: "Prescripto <a@prescripto.test>",
      to: [to],
      text: "Booked",
      html: "<p>Booked</p>",
    });
    expect(stored?.attachments[0]).toMatchObject({
      filename: "invite.ics",
      contentType: "text/calendar; method=REQUEST",
    });
    expect(stored?.attachments[0]?.content).toContain("METHOD:REQUEST");
  });

  it("sends once per Idempotency-Key: a repeat gets the first id, a changed body under the same key is not sent", async () => {
    const to = unique();
    const sender = emailSender(config());
    const first = await sender.send(email(to));
    const again = await sender.send(email(to));
    expect(again).toEqual(first);
    expect(await sender.send(email(to, { subject: "Changed" }))).toEqual({ ok: true, id: null, duplicate: true });
    expect(await inbox(to)).toHaveLength(1);
  });

  it("reports a provider failure (injected by the stand-in's control endpoint) as not sent", async () => {
    const to = unique();
    await fetch(`${standin.url}/_standin/fail`, {
      method: "POST",
      body: JSON.stringify({ count: 1, to, status: 503 }),
    });
    expect(await emailSender(config()).send(email(to))).toMatchObject({ ok: false, status: 503 });
    expect(await emailSender(config()).send(email(to))).toMatchObject({ ok: true });
    expect(await inbox(to)).toHaveLength(1);
  });

  it("is refused without an API key, and reports an unreachable provider as a network error", async () => {
    const to = unique();
    const res = await fetch(`${standin.url}/emails`, { method: "POST", body: JSON.stringify({ to }) });
    expect(res.status).toBe(401);
    expect(await emailSender({ ...config(), EMAIL_API_KEY: undefined }).send(email(to))).toMatchObject({
      ok: false,
      name: "not_configured",
    });
    expect(await emailSender({ ...config(), EMAIL_API_BASE: "http://127.0.0.1:9" }).send(email(to))).toMatchObject({
      ok: false,
      name: "network_error",
    });
  });

  it("shows messages on the development mailbox page, with the HTML, the text and a downloadable .ics", async () => {
    const to = unique();
    await emailSender(config()).send(email(to, { subject: "Mailbox check <1>" }));
    const [stored] = await inbox(to);
    const list = await (await fetch(`${standin.url}/`)).text();
    expect(list).toContain(`/messages/${stored?.id}`);
    expect(list).toContain("Mailbox check &lt;1&gt;");
    const page = await (await fetch(`${standin.url}/messages/${stored?.id}`)).text();
    expect(page).toContain('<iframe sandbox title="HTML part" srcdoc="&lt;p&gt;Booked&lt;/p&gt;"');
    expect(page).toContain("<pre>Booked</pre>");
    const ics = await fetch(`${standin.url}/messages/${stored?.id}/attachments/0`);
    expect(ics.headers.get("content-disposition")).toBe('attachment; filename="invite.ics"');
    expect(await ics.text()).toContain("BEGIN:VCALENDAR");
  });
});
