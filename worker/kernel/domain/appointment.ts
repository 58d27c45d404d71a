/**
 * The appointment lifecycle as pure data: held → booked → completed | no_show | cancelled;
 * an unpaid hold may also expire. Every rule about who may do what, and when, lives here so it
 * is tested without any runtime.
 */
export type AppointmentStatus = "held" | "booked" | "cancelled" | "completed" | "no_show" | "expired";
export type AppointmentAction = "confirm" | "cancel" | "reschedule" | "complete" | "no_show" | "expire";
export type ActorRole = "patient" | "doctor" | "admin" | "clinic" | "system";

export interface Actor {
  role: ActorRole;
  id: string;
}

export const ACTIVE_STATUSES: readonly AppointmentStatus[] = ["held", "booked"];

const TRANSITIONS: Partial<Record<AppointmentStatus, Partial<Record<AppointmentAction, AppointmentStatus>>>> = {
  held: { confirm: "booked", cancel: "cancelled", expire: "expired", reschedule: "held" },
  booked: { cancel: "cancelled", reschedule: "booked", complete: "completed", no_show: "no_show" },
};

const ALLOWED_ROLES: Record<AppointmentAction, readonly ActorRole[]> = {
  confirm: ["system", "admin"],
  cancel: ["patient", "doctor", "admin", "clinic"],
  reschedule: ["patient", "admin", "clinic"],
  complete: ["doctor", "admin"],
  no_show: ["doctor", "admin"],
  expire: ["system"],
};

export type TransitionCheck =
  | { ok: true; to: AppointmentStatus }
  | { ok: false; reason: "invalid_transition"; from: AppointmentStatus; action: AppointmentAction }
  | { ok: false; reason: "forbidden"; role: ActorRole; action: AppointmentAction }
  | { ok: false; reason: "too_late_to_cancel"; deadlineMs: number }
  | { ok: false; reason: "not_started"; startMs: number };

export function checkTransition(input: {
  status: AppointmentStatus;
  action: AppointmentAction;
  actor: Actor;
  startMs: number;
  nowMs: number;
  cancelNoticeMinutes: number;
}): TransitionCheck {
  const { status, action, actor, startMs, nowMs } = input;
  if (!ALLOWED_ROLES[action].includes(actor.role)) return { ok: false, reason: "forbidden", role: actor.role, action };
  const to = TRANSITIONS[status]?.[action];
  if (!to) return { ok: false, reason: "invalid_transition", from: status, action };
  if ((action === "complete" || action === "no_show") && nowMs < startMs) {
    return { ok: false, reason: "not_started", startMs };
  }
  // Patients (and clinics acting for them) must respect the doctor's notice; doctors and admins need not.
  if ((action === "cancel" || action === "reschedule") && (actor.role === "patient" || actor.role === "clinic")) {
    const deadlineMs = startMs - input.cancelNoticeMinutes * 60_000;
    if (status === "booked" && nowMs > deadlineMs) return { ok: false, reason: "too_late_to_cancel", deadlineMs };
  }
  return { ok: true, to };
}

export function isActive(status: AppointmentStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

const DOCTOR_ID = /^doc_[a-z0-9-]{1,64}$/;

export function isDoctorId(value: string): boolean {
  return DOCTOR_ID.test(value);
}

/** Appointment ids carry their doctor so any request can be routed to the one DO that owns it. */
export function newAppointmentId(doctorId: string, random: Uint8Array): string {
  let suffix = "";
  for (const b of random) suffix += (b % 36).toString(36);
  return `apt.${doctorId}.${suffix}`;
}

export function doctorIdOfAppointment(appointmentId: string): string | null {
  const m = /^apt\.(doc_[a-z0-9-]{1,64})\.([a-z0-9]{16,32})$/.exec(appointmentId);
  return m ? (m[1] as string) : null;
}

export interface HistoryEntry {
  version: number;
  type: string;
  fromStatus: AppointmentStatus | null;
  toStatus: AppointmentStatus;
  actor: Actor;
  reason: string | null;
  fromStart: string | null;
  toStart: string | null;
  at: string;
}

/** An appointment as the API, the queue and MongoDB see it (UTC ISO instants). */
export interface AppointmentView {
  id: string;
  doctorId: string;
  patientId: string;
  clinicId: string | null;
  start: string;
  end: string;
  status: AppointmentStatus;
  holdExpiresAt: string | null;
  feePaise: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  history: HistoryEntry[];
}
