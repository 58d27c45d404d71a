import ICAL from "ical.js";

/**
 * What a calendar client does with iTIP messages it imports (RFC 5546, attendee side): a REQUEST
 * creates or updates the event with that UID unless it is older (lower SEQUENCE) than the one it
 * has; a CANCEL removes it. Used to check that importing every email in order leaves exactly one
 * correct event, or none.
 */
export interface ImportedEvent {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  tzid: string;
  localStart: string;
  status: string | null;
  organizer: string | null;
  attendees: string[];
}

export function parseInvite(ics: string): { method: string; events: ImportedEvent[]; timezones: string[] } {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const timezones = calendar.getAllSubcomponents("vtimezone").map((vtz) => {
    const tz = new ICAL.Timezone(vtz);
    ICAL.TimezoneService.register(tz, tz.tzid);
    return tz.tzid;
  });
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const e = new ICAL.Event(vevent);
    return {
      uid: e.uid,
      sequence: e.sequence,
      start: e.startDate.toJSDate(),
      end: e.endDate.toJSDate(),
      tzid: String(vevent.getFirstProperty("dtstart")?.getParameter("tzid") ?? ""),
      localStart: e.startDate.toString(),
      status: (vevent.getFirstPropertyValue("status") as string | null) ?? null,
      organizer: mailto(vevent.getFirstPropertyValue("organizer")),
      attendees: vevent.getAllProperties("attendee").map((p) => mailto(p.getFirstValue()) ?? ""),
    };
  });
  return { method: String(calendar.getFirstPropertyValue("method")), events, timezones };
}

// URI schemes are case-insensitive (RFC 3986): compare them in one case.
function mailto(value: unknown): string | null {
  return typeof value === "string" ? value.replace(/^mailto:/i, "mailto:") : null;
}

export class CalendarClient {
  readonly events = new Map<string, ImportedEvent>();

  import(ics: string): void {
    const { method, events } = parseInvite(ics);
    for (const event of events) {
      const known = this.events.get(event.uid);
      if (known && event.sequence < known.sequence) continue;
      if (method === "CANCEL") this.events.delete(event.uid);
      else if (method === "REQUEST") this.events.set(event.uid, event);
    }
  }
}
