import { useCallback, useEffect, useState } from "react";

const PARAM = "speciality";

/** Reads `?speciality=` from a query string; blank means "All" (null). */
export function readSpeciality(search: string): string | null {
  const value = new URLSearchParams(search).get(PARAM)?.trim();
  return value ? value : null;
}

/** The current URL with `?speciality=` set or removed, other params and hash kept. */
export function withSpeciality(href: string, speciality: string | null): string {
  const url = new URL(href);
  if (speciality) url.searchParams.set(PARAM, speciality);
  else url.searchParams.delete(PARAM);
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * The selected speciality, kept in sync with the address bar so a filtered view
 * can be shared, survives reload, and works with Back/Forward.
 */
export function useSpecialityParam(): [string | null, (speciality: string | null) => void] {
  const [speciality, setSpecialityState] = useState<string | null>(() => readSpeciality(window.location.search));

  useEffect(() => {
    const onPopState = () => setSpecialityState(readSpeciality(window.location.search));
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const setSpeciality = useCallback((next: string | null) => {
    const normalised = next?.trim() || null;
    if (normalised !== readSpeciality(window.location.search)) {
      window.history.pushState(null, "", withSpeciality(window.location.href, normalised));
    }
    setSpecialityState(normalised);
  }, []);

  return [speciality, setSpeciality];
}
