import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";

export function useProfile(enabled: boolean) {
  return useQuery({
    queryKey: ["me", "profile"],
    enabled,
    queryFn: ({ signal }) => call(api.GET("/api/v1/me/profile", { signal })).then((r) => r.profile),
  });
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: { name?: string; phone?: string | null; timeZone?: string | null }) =>
      call(api.PATCH("/api/v1/me/profile", { body: patch })).then((r) => r.profile),
    onSuccess: (profile) => queryClient.setQueryData(["me", "profile"], profile),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      call(api.POST("/api/v1/auth/password", { body })),
  });
}

export function useDeleteAccount() {
  return useMutation({
    mutationFn: (password: string) => call(api.DELETE("/api/v1/me", { body: { password } })),
  });
}
