import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { addDays, localDateOf } from "../lib/time";

/** The whole public directory (one cached request; filters run in the page). */
export function useDoctors() {
  return useQuery({
    queryKey: ["doctors"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/doctors", { signal })),
    staleTime: 60_000,
  });
}

export function useDoctor(doctorId: string | null) {
  return useQuery({
    queryKey: ["doctor", doctorId],
    enabled: doctorId !== null,
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/doctors/{doctorId}", { params: { path: { doctorId: doctorId ?? "" } }, signal })).then(
        (r) => r.doctor,
      ),
  });
}

export const slotsKey = (doctorId: string, from: string, to: string) => ["slots", doctorId, from, to] as const;

/** Free slots between two doctor-local dates; refreshed every half minute while shown. */
export function useSlots(doctorId: string | null, from: string, to: string, options?: { enabled?: boolean }) {
  return useQuery({
    queryKey: slotsKey(doctorId ?? "", from, to),
    enabled: doctorId !== null && (options?.enabled ?? true),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    refetchInterval: 30_000,
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/doctors/{doctorId}/slots", {
          params: { path: { doctorId: doctorId ?? "" }, query: { from, to } },
          signal,
        }),
      ),
  });
}

/** The next two weeks from today (doctor-local dates are approximated by UTC; the range has a spare day). */
export function upcomingRange(now = Date.now()): { from: string; to: string } {
  const today = localDateOf(now, "UTC");
  return { from: addDays(today, -1), to: addDays(today, 13) };
}

/** "This week": today and the next six days. */
export function thisWeekRange(now = Date.now()): { from: string; to: string } {
  const today = localDateOf(now, "UTC");
  return { from: today, to: addDays(today, 6) };
}
