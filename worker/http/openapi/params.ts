import { z } from "@hono/zod-openapi";
import { APPOINTMENT_ID, isDoctorId } from "../../kernel/domain/appointment.ts";
import { isApiKeyId, isClinicId } from "../../kernel/domain/clinic.ts";
import { parsePhotoKey } from "../../kernel/domain/photo.ts";

/**
 * Path ids, validated one way: an id that cannot exist is 404 like one that does not (the
 * validation hook turns a `param` failure into NOT_FOUND with the refinement's message), and no
 * lookup is made for it.
 */
const pathId = (name: string, test: (v: string) => boolean, notFound: string, example: string) =>
  z
    .string()
    .refine(test, notFound)
    .openapi({ param: { name, in: "path" }, example });

const DoctorId = pathId("doctorId", isDoctorId, "Doctor not found", "doc_asha-rao");
const ClinicId = pathId("clinicId", isClinicId, "Clinic not found", "cln_0123456789abcdefghij");
const KeyId = pathId("keyId", isApiKeyId, "API key not found", "key_0123456789abcdefghij");
const AppointmentId = pathId(
  "id",
  (v) => APPOINTMENT_ID.test(v),
  "Appointment not found",
  "apt.doc_asha-rao.0123456789abcdef",
);
const PhotoKey = pathId(
  "key",
  (v) => parsePhotoKey(v) !== null,
  "Photo not found",
  `doc_asha-rao.${"0".repeat(64)}.jpg`,
);

export const DoctorParams = z.object({ doctorId: DoctorId });
export const ClinicParams = z.object({ clinicId: ClinicId });
export const ClinicDoctorParams = z.object({ clinicId: ClinicId, doctorId: DoctorId });
export const ClinicKeyParams = z.object({ clinicId: ClinicId, keyId: KeyId });
export const AppointmentParams = z.object({ id: AppointmentId });
export const PhotoParams = z.object({ key: PhotoKey });

/**
 * Documents the header on every mutation, under its canonical name. The idempotency middleware
 * reads and checks it; the route validator sees header names lowercased, so it never finds this
 * key and the optional schema passes.
 */
export const IdempotencyHeaders = z.object({
  "Idempotency-Key": z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,255}$/)
    .optional()
    .openapi({
      description: "Repeating a request with the same key replays the first answer (24 h)",
    }),
});
