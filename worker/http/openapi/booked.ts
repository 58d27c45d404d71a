/** The headers of a booking's 201, the same on the first answer and on its replay (flagged). */
export function bookedHeaders(appointmentId: string, replayed: boolean): Record<string, string> {
  return {
    Location: `/api/v1/appointments/${appointmentId}`,
    ...(replayed ? { "Idempotent-Replayed": "true" } : {}),
  };
}
