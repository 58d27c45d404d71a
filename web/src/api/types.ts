// The web app's names for API shapes, all read from the (generated) `paths`: the one place to adjust
// when the generated schema names things differently.
import type { paths } from "./schema";

export type { paths };

type Ok<P extends keyof paths, M extends keyof paths[P], S extends number = 200> = paths[P][M] extends {
  responses: { [K in S]: { content: { "application/json": infer T } } };
}
  ? T
  : never;

export type DoctorList = Ok<"/api/v1/doctors", "get">;
export type Doctor = DoctorList["doctors"][number];
export type Availability = Ok<"/api/v1/doctors/{doctorId}/slots", "get">;
export type Slot = Availability["slots"][number];
export type Appointment = Ok<"/api/v1/appointments/{id}", "get">["appointment"];
export type AppointmentStatus = Appointment["status"];
export type UserProfile = Ok<"/api/v1/me/profile", "get">["profile"];
export type TokenResponse = Ok<"/api/v1/auth/refresh", "post">;
// Who signed in: admins have no profile, so the role comes from the login answer.
export type Role = Ok<"/api/v1/auth/login", "post">["account"]["role"];
export type PaymentSummary = NonNullable<Appointment["payment"]>;
export type CheckoutOrder = Ok<"/api/v1/appointments/{id}/payment", "post">;
/** One local day of the admin overview's figures. */
export type FiguresDay = Ok<"/api/v1/admin/figures", "get">["days"][number];
