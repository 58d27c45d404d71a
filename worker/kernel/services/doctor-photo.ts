import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { Deps } from "../deps.ts";
import {
  ACCEPTED_PHOTO_TYPES,
  type PhotoType,
  photoKey,
  photoKeyOfUrl,
  photoUrl,
  sniffPhotoType,
} from "../domain/photo.ts";
import { AppError } from "../lib/errors.ts";
import { applyDoctorProfileChange } from "./doctor-profile.ts";

/** A year: the key names these exact bytes forever (content-addressed). */
export const PHOTO_CACHE_CONTROL = "public, max-age=31536000, immutable";

/**
 * Stores a doctor's photo from the raw request body (`Content-Type: image/jpeg|png|webp`). The
 * body limit (PHOTO_MAX_BYTES) is enforced while reading, before this runs (413); the type is
 * decided by the magic bytes and must match the declared one (415 otherwise). The object is
 * written to R2 under a content-addressed key, then the profile points at it; the previous
 * photo is deleted once nothing points at it any more.
 */
export async function replaceDoctorPhoto(
  deps: Deps,
  doctorId: string,
  upload: { contentType: string | undefined; body: () => Promise<ArrayBuffer> },
): Promise<{ photoUrl: string }> {
  const declared = (upload.contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!ACCEPTED_PHOTO_TYPES.includes(declared as PhotoType)) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Send the image itself as the body with Content-Type ${ACCEPTED_PHOTO_TYPES.join(", ")}`,
    );
  }
  const bytes = new Uint8Array(await upload.body());
  const max = deps.config.PHOTO_MAX_BYTES;
  // The body limit already refused larger bodies; this also covers a body sent without a length.
  if (bytes.byteLength > max) throw new AppError("PAYLOAD_TOO_LARGE", `A photo may be at most ${max} bytes`);
  if (bytes.byteLength === 0) {
    throw new AppError("VALIDATION_FAILED", "The photo is empty", { fields: [{ path: "body", message: "is empty" }] });
  }
  const type = sniffPhotoType(bytes);
  if (type !== declared) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      type
        ? `The image is ${type}, not ${declared} as declared`
        : `The body is not a ${ACCEPTED_PHOTO_TYPES.join(", ")} image`,
    );
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const key = photoKey(doctorId, [...digest].map((b) => b.toString(16).padStart(2, "0")).join(""), type);
  await deps.env.PHOTOS.put(key, bytes, {
    httpMetadata: { contentType: type, cacheControl: PHOTO_CACHE_CONTROL },
    customMetadata: { doctorId },
  });

  let before: string | null;
  try {
    before = (await applyDoctorProfileChange(deps, doctorId, { photoUrl: photoUrl(key) })).before.photoUrl;
  } catch (error) {
    // Unknown doctor or a failed update: do not keep an object nothing points at (unless it is
    // the one already in use: the same bytes uploaded again).
    deps.waitUntil(deleteUnlessCurrent(deps, doctorId, key));
    throw error;
  }
  const previous = photoKeyOfUrl(before);
  if (previous && previous !== key) {
    deps.waitUntil(
      deps.env.PHOTOS.delete(previous).catch((error: unknown) =>
        deps.log.warn("previous photo not deleted", { doctorId, error }),
      ),
    );
  }
  return { photoUrl: photoUrl(key) };
}

async function deleteUnlessCurrent(deps: Deps, doctorId: string, key: string): Promise<void> {
  try {
    const doctor = unwrap(await mongoGateway(deps.env, deps.config, doctorId).findDoctor({ id: doctorId }));
    if (photoKeyOfUrl(doctor?.photoUrl ?? null) !== key) await deps.env.PHOTOS.delete(key);
  } catch (error) {
    deps.log.warn("orphan photo not deleted", { doctorId, error });
  }
}
