import type { DoctorRecord } from "../worker/kernel/domain/doctor.ts";

/** Demo doctors for local runs and tests (fictional people; fees in integer paise). */
/** What a demo doctor is seeded with; the rest of the record is filled in by the seed. */
export type DemoDoctor = Pick<
  DoctorRecord,
  "name" | "email" | "speciality" | "degree" | "experienceYears" | "about" | "feePaise" | "address" | "timeZone"
>;

export const DEMO_DOCTORS: DemoDoctor[] = [
  {
    name: "Dr. Asha Rao",
    email: "asha.rao@demo.prescripto.test",
    speciality: "Cardiologist",
    degree: "MBBS, MD (Cardiology)",
    experienceYears: 14,
    about: "Preventive cardiology, hypertension and heart-failure clinics.",
    feePaise: 90_000,
    address: { line1: "12 MG Road", line2: "Ashok Nagar", city: "Bengaluru" },
    timeZone: "Asia/Kolkata",
  },
  {
    name: "Dr. Vikram Mehta",
    email: "vikram.mehta@demo.prescripto.test",
    speciality: "Dermatologist",
    degree: "MBBS, DDVL",
    experienceYears: 9,
    about: "Acne, eczema and paediatric skin conditions.",
    feePaise: 60_000,
    address: { line1: "4 Linking Road", line2: "Bandra West", city: "Mumbai" },
    timeZone: "Asia/Kolkata",
  },
  {
    name: "Dr. Priya Nair",
    email: "priya.nair@demo.prescripto.test",
    speciality: "Pediatrician",
    degree: "MBBS, DCH",
    experienceYears: 11,
    about: "Newborn care, vaccinations and childhood asthma.",
    feePaise: 50_000,
    address: { line1: "88 Anna Salai", city: "Chennai" },
    timeZone: "Asia/Kolkata",
  },
  {
    name: "Dr. Arjun Singh",
    email: "arjun.singh@demo.prescripto.test",
    speciality: "Neurologist",
    degree: "MBBS, DM (Neurology)",
    experienceYears: 17,
    about: "Headache, epilepsy and stroke follow-up.",
    feePaise: 120_000,
    address: { line1: "3 Ring Road", line2: "Lajpat Nagar", city: "New Delhi" },
    timeZone: "Asia/Kolkata",
  },
  {
    name: "Dr. Meera Iyer",
    email: "meera.iyer@demo.prescripto.test",
    speciality: "Gynecologist",
    degree: "MBBS, MS (OBG)",
    experienceYears: 12,
    about: "Antenatal care and minimally invasive gynaecological surgery.",
    feePaise: 80_000,
    address: { line1: "21 Park Street", city: "Kolkata" },
    timeZone: "Asia/Kolkata",
  },
  {
    name: "Dr. Samuel Okafor",
    email: "samuel.okafor@demo.prescripto.test",
    speciality: "General physician",
    degree: "MBBS, MRCGP",
    experienceYears: 8,
    about: "Family medicine; sees patients online from London.",
    feePaise: 40_000,
    address: { line1: "7 Harley Street", city: "London" },
    timeZone: "Europe/London",
  },
];
