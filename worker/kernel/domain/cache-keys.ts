/** Redis keys in one place, so writers and invalidators cannot drift apart. */
export const slotsCacheKey = (doctorId: string) => `slots:v1:${doctorId}`;
// Case is kept: the speciality filter is an exact match, so "dermatologist" and "Dermatologist"
// are different queries with different answers and must not share an entry.
export const doctorsListCacheKey = (speciality: string | undefined) =>
  `doctors:list:v1:${speciality ? encodeURIComponent(speciality) : "*"}`;
export const doctorProfileCacheKey = (doctorId: string) => `doctor:v1:${doctorId}`;
/** Keyed by the SHA-256 of the key (never the key itself): what the key authenticates as. */
export const apiKeyCacheKey = (keyHash: string) => `apikey:v1:${keyHash}`;
/** Set for a minute after a key's lastUsedAt was written, so the write happens about once a minute. */
export const apiKeyTouchKey = (keyId: string) => `apikey:touched:v1:${keyId}`;
export const clinicCacheKey = (clinicId: string) => `clinic:v1:${clinicId}`;
