import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, idempotencyKey } from "../api/client";
import type { ScheduleSettings } from "./schedule-types";

/** A new booking must reach the doctor's screen without a reload: the day is re-read this often. */
export const DAY_POLL_MS = 10_000;

export function useDoctorProfile() {
  return useQuery({
    queryKey: ["doctor", "profile"],
    queryFn: () => call(api.GET("/api/v1/doctor/profile")),
    staleTime: 60_000,
  });
}

/** One local day from the doctor's Durable Object (authoritative, immediate), polled while shown. */
export function useDoctorDay(date: string | null, poll = true) {
  return useQuery({
    queryKey: ["doctor", "day", date],
    queryFn: () => call(api.GET("/api/v1/doctor/appointments", { params: { query: { date: date ?? "" } } })),
    enabled: date !== null,
    staleTime: 5_000,
    refetchInterval: poll ? DAY_POLL_MS : false,
  });
}

export type DoctorAction = "complete" | "no-show" | "cancel";

export function useDoctorAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: DoctorAction; reason?: string }) => {
      // The header goes as a plain header: the generated schema spells it in lower case, the hand-written one not.
      const init = {
        params: { path: { id } },
        headers: { "Idempotency-Key": idempotencyKey() },
        body: reason ? { reason } : {},
      };
      if (action === "complete") return call(api.POST("/api/v1/appointments/{id}/complete", init));
      if (action === "no-show") return call(api.POST("/api/v1/appointments/{id}/no-show", init));
      return call(api.POST("/api/v1/appointments/{id}/cancel", init));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["doctor", "day"] }),
  });
}

export function useSchedule(doctorId: string | undefined) {
  return useQuery({
    queryKey: ["doctor", "schedule", doctorId],
    queryFn: () =>
      call(api.GET("/api/v1/doctors/{doctorId}/schedule", { params: { path: { doctorId: doctorId ?? "" } } })),
    enabled: Boolean(doctorId),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useSaveSchedule(doctorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: ScheduleSettings) =>
      call(
        api.PUT("/api/v1/doctors/{doctorId}/schedule", {
          params: { path: { doctorId } },
          headers: { "Idempotency-Key": idempotencyKey() },
          body: settings,
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(["doctor", "schedule", doctorId], {
        doctorId,
        settings: saved.settings,
        version: saved.version,
      });
      void queryClient.invalidateQueries({ queryKey: ["doctor", "profile"] });
    },
  });
}

type ProfilePatch = {
  about?: string;
  address?: { line1: string; line2?: string; city: string };
  acceptingBookings?: boolean;
};

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: ProfilePatch) =>
      call(
        api.PATCH("/api/v1/doctor/profile", {
          headers: { "Idempotency-Key": idempotencyKey() },
          body: patch,
        }),
      ),
    onSuccess: (data) => queryClient.setQueryData(["doctor", "profile"], data),
  });
}

/** The raw image is the body (the API sniffs its type); the doctor's own photo, or any doctor's for an admin. */
export function useUploadPhoto(doctorId?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const init = {
        body: file as unknown as string,
        bodySerializer: (b: unknown) => b as BodyInit,
        headers: { "Content-Type": file.type, "Idempotency-Key": idempotencyKey() },
      };
      return doctorId
        ? call(api.PUT("/api/v1/admin/doctors/{doctorId}/photo", { ...init, params: { path: { doctorId } } }))
        : call(api.PUT("/api/v1/doctor/photo", init));
    },
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: doctorId ? ["admin", "doctors"] : ["doctor", "profile"] }),
  });
}

/** Captured payments minus refunds per local day of the doctor's zone (MongoDB, seconds behind). */
export function useEarnings(range: { from: string; to: string } | null) {
  return useQuery({
    queryKey: ["doctor", "earnings", range],
    queryFn: () => call(api.GET("/api/v1/doctor/earnings", { params: { query: range ?? { from: "", to: "" } } })),
    enabled: range !== null,
    staleTime: 30_000,
  });
}
