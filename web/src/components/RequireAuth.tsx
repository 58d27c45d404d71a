import type { ReactNode } from "react";
import type { Role } from "../api/types";
import { useAuth } from "../auth/AuthProvider";
import { Navigate, useLocation } from "../router";
import { EmptyPanel, PageLoading } from "./States";

/** Patient pages (the API refuses other roles; the UI does not offer them either): wait for the silent refresh, then either show the page or go to sign-in and come back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, role } = useAuth();
  const location = useLocation();
  if (status === "checking") return <PageLoading label="Checking your sign-in…" />;
  if (status === "signed-out") {
    return <Navigate replace to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} />;
  }
  if (role !== "patient") {
    return (
      <EmptyPanel title="This page is for patients">
        <p>
          You are signed in as {role === "doctor" ? "a doctor" : "an admin"}; patients' pages are not available to you.
        </p>
      </EmptyPanel>
    );
  }
  return <>{children}</>;
}

/** Where each role's own area starts: sign-in lands there. */
export const HOME_OF: Record<Role, string> = { patient: "/appointments", doctor: "/doctor", admin: "/admin" };

/** Doctor and admin areas: only that role sees them (the API refuses others too; the UI never offers them). */
export function RequireRole({ area: wanted, children }: { area: "doctor" | "admin"; children: ReactNode }) {
  const { status, role } = useAuth();
  const location = useLocation();
  if (status === "checking") return <PageLoading label="Checking your sign-in…" />;
  if (status === "signed-out") {
    return <Navigate replace to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} />;
  }
  if (role !== wanted) {
    return (
      <EmptyPanel title="This page is not available to you">
        <p>{wanted === "doctor" ? "These pages are for doctors." : "These pages are for administrators."}</p>
      </EmptyPanel>
    );
  }
  return <>{children}</>;
}
