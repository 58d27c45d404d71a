import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, idempotencyKey } from "../api/client";
import type { Appointment } from "../api/types";

/**
 * Appointments this tab changed, by id. The list comes from MongoDB a few seconds behind the
 * doctor's object; these are merged over it (higher version wins) so a new booking or a
 * cancellation shows at once and never flickers back.
 */
const recent = new Map<string, Appointment>();

export function remember(appointment: Appointment): void {
  const known = recent.get(appointment.id);
  if (!known || known.version <= appointment.version) recent.set(appointment.id, appointment);
}

export function mergeRecent(list: Appointment[]): { appointments: Appointment[]; pending: boolean } {
  const byId = new Map(list.map((a) => [a.id, a]));
  let pending = false;
  for (const mine of recent.values()) {
    const theirs = byId.get(mine.id);
    if (!theirs || theirs.version < mine.version) {
      byId.set(mine.id, mine);
      pending = true;
    }
  }
  return { appointments: [...byId.values()], pending };
}

export function useMyAppointments(enabled: boolean) {
  return useQuery({
    queryKey: ["me", "appointments"],
    enabled,
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/me/appointments", { params: { query: { limit: 100 } }, signal })).then(
        (r): Appointment[] => r.appointments,
      ),
    // Merged on every render, not when fetched (a new function each time, so react-query does not
    // memoize it): the list never shows an appointment older than this tab's own change to it.
    select: (list) => mergeRecent(list),
    // While the system of record has not caught up with this tab's changes, look again soon.
    refetchInterval: (q) => (q.state.data && mergeRecent(q.state.data).pending ? 2_000 : false),
  });
}

export function useAppointment(id: string, enabled = true) {
  return useQuery({
    queryKey: ["me", "appointment", id],
    enabled,
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/appointments/{id}", { params: { path: { id } }, signal })).then(
        (r): Appointment => r.appointment,
      ),
    // A hold past its end is released by the doctor's object shortly after: look until it says so.
    refetchInterval: (q) =>
      q.state.data?.status === "held" && Date.parse(q.state.data.holdExpiresAt ?? "") <= Date.now() ? 2_000 : false,
  });
}

/** Applies an appointment this tab changed (booked, paid, cancelled) to every cached view of it. */
export function useAfterChange() {
  const queryClient = useQueryClient();
  return (appointment: Appointment) => {
    remember(appointment);
    queryClient.setQueryData(["me", "appointment", appointment.id], appointment);
    void queryClient.invalidateQueries({ queryKey: ["me", "appointments"] });
    void queryClient.invalidateQueries({ queryKey: ["slots", appointment.doctorId] });
  };
}

export function useBook() {
  const after = useAfterChange();
  return useMutation({
    mutationFn: ({ doctorId, start, key }: { doctorId: string; start: string; key: string }) =>
      call(
        api.POST("/api/v1/appointments", { body: { doctorId, start }, params: { header: { "Idempotency-Key": key } } }),
      ).then((r) => r.appointment),
    onSuccess: after,
  });
}

export function useCancel() {
  const after = useAfterChange();
  return useMutation({
    mutationFn: (id: string) =>
      call(
        api.POST("/api/v1/appointments/{id}/cancel", {
          params: { path: { id }, header: { "Idempotency-Key": idempotencyKey() } },
          body: {},
        }),
      ).then((r) => r.appointment),
    onSuccess: after,
  });
}

export function useReschedule() {
  const after = useAfterChange();
  return useMutation({
    mutationFn: ({ id, start, key }: { id: string; start: string; key: string }) =>
      call(
        api.POST("/api/v1/appointments/{id}/reschedule", {
          params: { path: { id }, header: { "Idempotency-Key": key } },
          body: { start },
        }),
      ).then((r) => r.appointment),
    onSuccess: after,
  });
}

/** What cancelling now would refund, by the doctor's policy (the same rule the cancel applies). */
export function useRefundQuote(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ["refund-quote", id],
    enabled,
    // The quote depends on the clock (policy windows): never reuse an old one.
    staleTime: 0,
    gcTime: 0,
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/appointments/{id}/refund-quote", { params: { path: { id } }, signal })),
  });
}
