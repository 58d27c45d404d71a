/** Redis keys in one place, so writers and invalidators cannot drift apart. */
export const slotsCacheKey = (doctorId: string) => `slots:v1:${doctorId}`;
export const doctorsListCacheKey = (speciality: string | undefined) =>
  `doctors:list:v1:${speciality ? encodeURIComponent(speciality.toLowerCase()) : "*"}`;
