import { escapeHtml } from "./format.ts";

/**
 * One message model rendered twice, as HTML and as plain text, so the two parts always say the
 * same thing. The HTML is deliberately plain: one column, real headings, a definition list for
 * the details, links with their purpose in the text, system fonts, high contrast, no images
 * (so no tracking pixels) and no scripts.
 */
export interface MessageModel {
  subject: string;
  heading: string;
  paragraphs: string[];
  details: { label: string; value: string }[];
  list?: { title: string; items: string[] };
  actions: { label: string; url: string }[];
  footer: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function render(model: MessageModel): RenderedEmail {
  return { subject: model.subject, html: renderHtml(model), text: renderText(model) };
}

function renderHtml(m: MessageModel): string {
  const e = escapeHtml;
  const details = m.details.length
    ? `<dl style="margin:16px 0;padding:0">${m.details
        .map(
          (d) =>
            `<dt style="font-weight:bold;margin-top:8px">${e(d.label)}</dt><dd style="margin:0 0 0 0">${e(d.value)}</dd>`,
        )
        .join("")}</dl>`
    : "";
  const list = m.list
    ? `<h2 style="font-size:18px;margin:20px 0 8px">${e(m.list.title)}</h2><ul>${m.list.items
        .map((i) => `<li>${e(i)}</li>`)
        .join("")}</ul>`
    : "";
  const actions = m.actions
    .map(
      (a) =>
        `<p style="margin:12px 0"><a href="${e(a.url)}" style="color:#0b57d0;font-weight:bold">${e(a.label)}</a></p>`,
    )
    .join("");
  return [
    "<!doctype html>",
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(m.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#ffffff;color:#1f1f1f;font-family:system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif;font-size:16px;line-height:1.5">',
    '<main style="max-width:600px;margin:0 auto">',
    `<h1 style="font-size:22px;margin:0 0 16px">${e(m.heading)}</h1>`,
    ...m.paragraphs.map((p) => `<p style="margin:0 0 12px">${e(p)}</p>`),
    details,
    list,
    actions,
    `<hr style="border:0;border-top:1px solid #c4c7c5;margin:24px 0"><p style="font-size:14px;color:#444746">${e(m.footer)}</p>`,
    "</main></body></html>",
  ].join("\n");
}

function renderText(m: MessageModel): string {
  const lines: string[] = [m.heading, "", ...m.paragraphs.flatMap((p) => [p, ""])];
  for (const d of m.details) lines.push(`${d.label}: ${d.value}`);
  if (m.details.length) lines.push("");
  if (m.list) lines.push(`${m.list.title}:`, ...m.list.items.map((i) => `- ${i}`), "");
  for (const a of m.actions) lines.push(`${a.label}: ${a.url}`);
  if (m.actions.length) lines.push("");
  lines.push("--", m.footer);
  return `${lines.join("\n")}\n`;
}
