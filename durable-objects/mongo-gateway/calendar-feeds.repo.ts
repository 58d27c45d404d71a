import type { Db } from "mongodb";
import { type AppointmentView, fromAppointmentRecord } from "../../worker/kernel/domain/appointment.ts";
import type { DoctorRecord } from "../../worker/kernel/domain/doctor.ts";
import { FEED_STATUSES } from "../../worker/kernel/notifications/feed.ts";
import { collections } from "./collections.ts";

/**
 * Calendar feed URLs (issue 14 item 4): only the SHA-256 of each secret token is stored, with
 * whose feed it is. Creating a feed replaces the owner's earlier one (regenerate); revoking
 * deletes it, after which its URL finds nothing.
 */
export type FeedOwner = { role: "patient" | "doctor"; id: string };

interface CalendarFeedRecord {
  _id: string;
  ownerRole: FeedOwner["role"];
  ownerId: string;
  createdAt: Date;
}

const feeds = (db: Db) => db.collection<CalendarFeedRecord>("calendar_feeds");
/** How far back a feed reaches, and how many events it lists at most. */
const PAST_DAYS = 90;
const MAX_EVENTS = 500;

export async function replaceFeed(db: Db, owner: FeedOwner, tokenHash: string, now = new Date()): Promise<void> {
  await feeds(db).deleteMany({ ownerRole: owner.role, ownerId: owner.id });
  await feeds(db).insertOne({ _id: tokenHash, ownerRole: owner.role, ownerId: owner.id, createdAt: now });
}

export async function revokeFeeds(db: Db, owner: FeedOwner): Promise<number> {
  return (await feeds(db).deleteMany({ ownerRole: owner.role, ownerId: owner.id })).deletedCount;
}

export interface FeedContents {
  owner: FeedOwner;
  appointments: AppointmentView[];
  doctors: DoctorRecord[];
}

/** The feed behind a token hash and what it lists, or null when there is no such feed (revoked). */
export async function feedContents(db: Db, tokenHash: string, now = new Date()): Promise<FeedContents | null> {
  const feed = await feeds(db).findOne({ _id: tokenHash });
  if (!feed) return null;
  const owner: FeedOwner = { role: feed.ownerRole, id: feed.ownerId };
  const { appointments, doctors } = collections(db);
  const records = await appointments
    .find({
      ...(owner.role === "patient" ? { patientId: owner.id } : { doctorId: owner.id }),
      status: { $in: [...FEED_STATUSES] },
      start: { $gte: new Date(now.getTime() - PAST_DAYS * 86_400_000) },
    })
    .sort({ start: 1 })
    .limit(MAX_EVENTS)
    .toArray();
  const doctorIds = [...new Set(records.map((r) => r.doctorId))];
  const found = doctorIds.length > 0 ? await doctors.find({ _id: { $in: doctorIds } }).toArray() : [];
  return { owner, appointments: records.map(fromAppointmentRecord), doctors: found };
}
