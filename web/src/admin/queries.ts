import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, idempotencyKey } from "../api/client";

export function useAdminDoctors() {
  return useQuery({ queryKey: ["admin", "doctors"], queryFn: () => call(api.GET("/api/v1/admin/doctors")) });
}

export interface AppointmentFilters {
  doctorId?: string;
  patient?: string;
  status?: "held" | "booked" | "cancelled" | "completed" | "no_show" | "expired";
  from?: string;
  to?: string;
}

/** All appointments (MongoDB), newest first, one cursor page at a time. */
export function useAdminAppointments(filters: AppointmentFilters) {
  return useInfiniteQuery({
    queryKey: ["admin", "appointments", filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET("/api/v1/admin/appointments", {
          params: { query: { ...filters, ...(pageParam ? { cursor: pageParam } : {}), limit: 25 } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useAdminAppointment(id: string) {
  return useQuery({
    queryKey: ["admin", "appointment", id],
    queryFn: () => call(api.GET("/api/v1/appointments/{id}", { params: { path: { id } } })),
  });
}

/** An admin cancels on the patient's behalf; the history records the admin and the reason. */
export function useAdminCancel(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      call(
        api.POST("/api/v1/appointments/{id}/cancel", {
          params: { path: { id } },
          headers: { "Idempotency-Key": idempotencyKey() },
          body: reason ? { reason } : {},
        }),
      ),
    onSuccess: (data) => {
      queryClient.setQueryData(["admin", "appointment", id], data);
      void queryClient.invalidateQueries({ queryKey: ["admin", "appointments"] });
    },
  });
}

/** Platform figures per local day (MongoDB): counts by appointment day, money by when it moved. */
export function useFigures(range: { from: string; to: string } | null, timeZone: string) {
  return useQuery({
    queryKey: ["admin", "figures", range, timeZone],
    queryFn: () =>
      call(
        api.GET("/api/v1/admin/figures", {
          params: { query: { from: range?.from ?? "", to: range?.to ?? "", timeZone } },
        }),
      ),
    enabled: range !== null,
    staleTime: 30_000,
  });
}

export interface PaymentFilters {
  flagged?: boolean;
  status?: "created" | "failed" | "authorized" | "captured";
}

/** Payments newest first, one cursor page at a time; `flagged` narrows to those held for review. */
export function useAdminPayments(filters: PaymentFilters) {
  return useInfiniteQuery({
    queryKey: ["admin", "payments", filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET("/api/v1/admin/payments", {
          params: {
            query: {
              ...(filters.flagged !== undefined ? { flagged: filters.flagged ? "true" : "false" } : {}),
              ...(filters.status ? { status: filters.status } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
              limit: 25,
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
