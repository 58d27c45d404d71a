import type { Role } from "../api/types";

/**
 * Each role's own pages, for the header and the footer: a patient (or a visitor) is never offered
 * the doctor's or admin's pages, and doctors and admins are not offered the patient's.
 */
export function navItems(role: Role | null): [string, string][] {
  if (role === "doctor")
    return [
      ["/doctor", "Today"],
      ["/doctor/schedule", "Schedule"],
      ["/doctor/profile", "Profile"],
    ];
  if (role === "admin")
    return [
      ["/admin", "Overview"],
      ["/admin/doctors", "Doctors"],
      ["/admin/appointments", "Appointments"],
      ["/admin/payments", "Payments"],
      ["/admin/operations", "Operations"],
    ];
  return [
    ["/doctors", "Find a doctor"],
    ["/appointments", "My appointments"],
  ];
}

/** The footer adds the patient's account page to the patient's links; staff have theirs in the header. */
export function footerItems(role: Role | null): [string, string][] {
  return role === "doctor" || role === "admin" ? navItems(role) : [...navItems(role), ["/account", "Account"]];
}
