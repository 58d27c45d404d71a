import { z } from "zod";

/**
 * The appointment contract and lifecycle as pure data: held → booked → completed | no_show |
 * cancelled; an unpaid hold may also expire. The zod schemas below are the one definition of an
 * appointment: the doctor's Durable Object builds views of this shape, the queue messages carry
 * it, MongoDB stores it (toAppointmentRecord / fromAppointmentRecord), the SQLite enum and the
 * API's response schemas derive from it. Every rule about who may do what, and when, lives here
 * so it is tested without any runtime.
 */
export const APPOINTMENT_STATUSES = ["held", "booked", "cancelled", "completed", "no_show", "expired"] as const;
export const AppointmentStatus = z.enum(APPOINTMENT_STATUSES);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;
/** Statuses that occupy the slot. */
export const ACTIVE_STATUSES = ["held", "booked"] as const satisfies readonly AppointmentStatus[];

export type AppointmentAction = "confirm" | "cancel" | "reschedule" | "complete" | "no_show" | "expire";
export const ActorRole = z.enum(["patient", "doctor", "admin", "clinic", "system"]);
export type ActorRole = z.infer<typeof ActorRole>;

export const Actor = z.object({ role: ActorRole, id: z.string().min(1) });
export type Actor = z.infer<typeof Actor>;

export const APPOINTMENT_ID = /^apt\.(doc_[a-z0-9-]{1,64})\.([a-z0-9]{16,32})$/;

export const HistoryEntry = z.object({
  version: z.number().int(),
  type: z.string(),
  fromStatus: AppointmentStatus.nullable(),
  toStatus: AppointmentStatus,
  actor: Actor,
  reason: z.string().nullable(),
  fromStart: z.iso.datetime().nullable(),
  toStart: z.iso.datetime().nullable(),
  at: z.iso.datetime(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/**
 * The money side of a paid appointment as the patient, doctor and admins see it: the Razorpay
 * order of the hold, the payment that paid it (or the latest attempt), what was captured, any
 * flag for admins, and every refund with its status. Absent for appointments without an order.
 */
export const PaymentSummary = z.object({
  orderId: z.string().startsWith("order_"),
  paymentId: z.string().startsWith("pay_").nullable(),
  /** The payment's state, or `created` while no payment was seen for the order. */
  status: z.enum(["created", "failed", "authorized", "captured"]),
  amountPaidPaise: z.number().int().min(0),
  flag: z.enum(["amount_mismatch", "currency_mismatch", "order_mismatch"]).nullable(),
  refunds: z
    .array(
      z.object({
        id: z.string().min(10),
        amountPaise: z.number().int().min(1),
        status: z.enum(["pending", "processed", "failed"]),
      }),
    )
    .max(50),
});
export type PaymentSummary = z.infer<typeof PaymentSummary>;

/** An appointment as the API, the queue and MongoDB see it (UTC ISO instants). */
export const Appointment = z.object({
  id: z.string().regex(APPOINTMENT_ID),
  doctorId: z.string().min(1),
  patientId: z.string().min(1),
  clinicId: z.string().nullable(),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  status: AppointmentStatus,
  holdExpiresAt: z.iso.datetime().nullable(),
  feePaise: z.number().int().min(0),
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  history: z.array(HistoryEntry).max(500),
  payment: PaymentSummary.nullable().optional(),
});
export type AppointmentView = z.infer<typeof Appointment>;

/**
 * An appointment in MongoDB: the same fields with Date instants, plus `active` and `slotLock`
 * (`<doctorId>|<start>` while active, the id otherwise: a unique index on it forbids two active
 * appointments on one slot) and when it was written.
 */
export type AppointmentRecord = Omit<
  AppointmentView,
  "id" | "start" | "end" | "holdExpiresAt" | "createdAt" | "updatedAt"
> & {
  _id: string;
  start: Date;
  end: Date;
  holdExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  active: boolean;
  slotLock: string;
  syncedAt: Date;
};

export function toAppointmentRecord(a: AppointmentView, now: Date): AppointmentRecord {
  const active = isActive(a.status);
  const { id, start, end, holdExpiresAt, createdAt, updatedAt, ...rest } = a;
  return {
    ...rest,
    _id: id,
    start: new Date(start),
    end: new Date(end),
    holdExpiresAt: holdExpiresAt ? new Date(holdExpiresAt) : null,
    createdAt: new Date(createdAt),
    updatedAt: new Date(updatedAt),
    active,
    slotLock: active ? `${a.doctorId}|${start}` : id,
    syncedAt: now,
  };
}

export function fromAppointmentRecord(r: AppointmentRecord): AppointmentView {
  const { _id, start, end, holdExpiresAt, createdAt, updatedAt, active: _a, slotLock: _l, syncedAt: _s, ...rest } = r;
  return {
    ...rest,
    id: _id,
    start: start.toISOString(),
    end: end.toISOString(),
    holdExpiresAt: holdExpiresAt ? holdExpiresAt.toISOString() : null,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

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
  return (ACTIVE_STATUSES as readonly AppointmentStatus[]).includes(status);
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
  const m = APPOINTMENT_ID.exec(appointmentId);
  return m ? (m[1] as string) : null;
}
