/**
 * Doctor photos: which images are accepted (decided by the bytes, never by the declared type or a
 * file name) and how they are named in R2. Pure.
 */
export type PhotoType = "image/jpeg" | "image/png" | "image/webp";

const EXTENSIONS: Record<PhotoType, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp" };
const TYPES_BY_EXTENSION: Record<string, PhotoType> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp" };

export const ACCEPTED_PHOTO_TYPES = Object.keys(EXTENSIONS) as PhotoType[];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The image type from the file's magic bytes: JPEG (FF D8 FF), PNG (its 8-byte signature), WebP (RIFF….WEBP). */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
  const at = (offset: number, expected: readonly number[]) =>
    bytes.length >= offset + expected.length && expected.every((b, i) => bytes[offset + i] === b);
  if (at(0, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (at(0, PNG_SIGNATURE)) return "image/png";
  // "RIFF" <4-byte size> "WEBP", then a VP8 / VP8L / VP8X chunk.
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50]) && at(12, [0x56, 0x50, 0x38])) {
    return "image/webp";
  }
  return null;
}

/**
 * Content-addressed: the key is the doctor plus the SHA-256 of the bytes, so a key always names
 * the same bytes and can be cached forever (a new photo gets a new key and a new URL).
 */
export function photoKey(doctorId: string, sha256Hex: string, type: PhotoType): string {
  return `${doctorId}.${sha256Hex}.${EXTENSIONS[type]}`;
}

const KEY = /^(doc_[a-z0-9-]{1,64})\.([0-9a-f]{64})\.(jpg|png|webp)$/;

export function parsePhotoKey(key: string): { doctorId: string; type: PhotoType } | null {
  const m = KEY.exec(key);
  if (!m) return null;
  const type = TYPES_BY_EXTENSION[m[3] as string];
  return type ? { doctorId: m[1] as string, type } : null;
}

export const PHOTO_ROUTE = "/api/v1/photos/";

export function photoUrl(key: string): string {
  return `${PHOTO_ROUTE}${key}`;
}

/** The R2 key behind a photo URL this app made (to delete the previous photo), or null. */
export function photoKeyOfUrl(url: string | null): string | null {
  if (!url?.startsWith(PHOTO_ROUTE)) return null;
  const key = url.slice(PHOTO_ROUTE.length);
  return parsePhotoKey(key) ? key : null;
}
