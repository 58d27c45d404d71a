import { useCallback, useEffect, useState } from "react";
import { type ApiError, type Doctor, fetchDoctors, toApiError } from "./api";

export type DoctorsState =
  | { status: "loading"; specialities: string[] }
  | { status: "success"; specialities: string[]; doctors: Doctor[] }
  | { status: "error"; specialities: string[]; error: ApiError };

/**
 * Loads doctors for a speciality (null = all). Changing the speciality aborts the
 * in-flight request, so a slow earlier response can never overwrite a later one.
 * The speciality list from the last successful response is kept while loading
 * or after an error so the filter stays usable.
 */
export function useDoctors(speciality: string | null): { state: DoctorsState; retry: () => void } {
  const [state, setState] = useState<DoctorsState>({ status: "loading", specialities: [] });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger
  useEffect(() => {
    const controller = new AbortController();
    setState((prev) => (prev.status === "loading" ? prev : { status: "loading", specialities: prev.specialities }));

    fetchDoctors(speciality, controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setState({ status: "success", specialities: data.specialities, doctors: data.doctors });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((prev) => ({ status: "error", specialities: prev.specialities, error: toApiError(error) }));
      },
    );

    return () => controller.abort();
  }, [speciality, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
