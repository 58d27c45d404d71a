/** The stub of one patient's PatientHolds object (the platform-wide cap on unpaid holds). */
export function patientHolds(env: Env, patientId: string): ReturnType<Env["PATIENT_HOLDS"]["get"]> {
  return env.PATIENT_HOLDS.get(env.PATIENT_HOLDS.idFromName(patientId));
}
