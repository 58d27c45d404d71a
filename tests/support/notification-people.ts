import type { Db } from "mongodb";

/**
 * A doctor and a patient of their own in MongoDB (the records the notification consumer loads),
 * with addresses no other test uses, so tests running side by side never share a mailbox.
 */
export async function seedPeople(db: Db, opts: { doctorId: string; timeZone: string }) {
  const tag = crypto.randomUUID().replaceAll("-", "").slice(0, 10);
  const patientId = `usr_${crypto.randomUUID()}`;
  const doctorEmail = `doctor-${tag}@clinic.test`;
  const patientEmail = `patient-${tag}@example.test`;
  const now = new Date();
  await db.collection("doctors").insertOne({
    _id: opts.doctorId,
    slug: `dr-${tag}`,
    name: "Dr Asha Rao",
    email: doctorEmail,
    speciality: "General physician",
    degree: "MBBS",
    experienceYears: 9,
    about: "",
    feePaise: 50_000,
    currency: "INR",
    address: { line1: "12 MG Road", city: "Bengaluru" },
    timeZone: opts.timeZone,
    photoUrl: null,
    acceptingBookings: true,
    createdAt: now,
    updatedAt: now,
  } as never);
  await db.collection("users").insertOne({
    _id: patientId,
    email: patientEmail,
    name: "Meera Iyer",
    phone: null,
    role: "patient",
    passwordHash: "x",
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  } as never);
  return { patientId, doctorEmail, patientEmail };
}

export interface StoredMail {
  to: string[];
  subject: string;
  text: string;
  idempotencyKey: string | null;
  requests: number;
  attachments: { filename: string; content: string }[];
}

/** What the mail stand-in received for one address, oldest first. */
export async function inbox(mailBase: string, to: string): Promise<StoredMail[]> {
  const res = await fetch(`${mailBase}/_standin/messages?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: StoredMail[] }).messages;
}

/** Waits (with a deadline) until `to` has received at least `count` messages. */
export async function waitForMail(mailBase: string, to: string, count: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await inbox(mailBase, to);
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${count} mails to ${to}; got ${mails.map((m) => m.subject).join(" | ")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
