import type { ApiKeyRecord, ClinicRecord } from "../../worker/kernel/domain/clinic.ts";
import {
  type DoctorProfileChange,
  type DoctorRecord,
  type PublicDoctor,
  toPublicDoctor,
} from "../../worker/kernel/domain/doctor.ts";
import type { UserPatch, UserRecord } from "../../worker/kernel/domain/user.ts";
import type { GatewayResult } from "../../worker/kernel/lib/gateway-result.ts";
import * as clinicsRepo from "./clinics.repo.ts";
import { collections } from "./collections.ts";
import * as doctorsRepo from "./doctors.repo.ts";
import { OperationsGateway } from "./gateway-operations.ts";
import * as usersRepo from "./users.repo.ts";

export interface DoctorListing {
  doctors: PublicDoctor[];
  specialities: string[];
}

/** Who is who: doctors, clinics and their API keys, login accounts. */
export class DirectoryGateway extends OperationsGateway {
  async listDoctors(filter: { speciality?: string }): Promise<GatewayResult<DoctorListing>> {
    return this.run(async (db) => {
      const { doctors } = collections(db);
      const query = filter.speciality ? { speciality: filter.speciality } : {};
      const [docs, specialities] = await Promise.all([
        doctors.find(query).sort({ name: 1 }).limit(500).toArray(),
        doctors.distinct("speciality"),
      ]);
      return { doctors: docs.map(toPublicDoctor), specialities: specialities.sort() };
    });
  }

  // Doctors beyond the public listing: onboarding, admin views, profile updates (doctors.repo.ts).

  async insertDoctor(record: DoctorRecord): Promise<GatewayResult<doctorsRepo.InsertDoctorResult>> {
    return this.run((db) => doctorsRepo.insertDoctor(db, record));
  }

  async findDoctor(by: { id: string } | { email: string }): Promise<GatewayResult<DoctorRecord | null>> {
    return this.run((db) =>
      "id" in by ? doctorsRepo.findDoctorById(db, by.id) : doctorsRepo.findDoctorByEmail(db, by.email),
    );
  }

  async isDoctorSlugTaken(slug: string): Promise<GatewayResult<boolean>> {
    return this.run((db) => doctorsRepo.isDoctorSlugTaken(db, slug));
  }

  async findDoctorsByIds(ids: string[]): Promise<GatewayResult<DoctorRecord[]>> {
    return this.run((db) => doctorsRepo.findDoctorsByIds(db, ids));
  }

  async listDoctorRecords(opts: { limit: number; speciality?: string }): Promise<GatewayResult<DoctorRecord[]>> {
    return this.run((db) => doctorsRepo.listDoctors(db, opts));
  }

  async deleteDoctor(doctorId: string, email: string): Promise<GatewayResult<boolean>> {
    return this.run((db) => doctorsRepo.deleteDoctor(db, doctorId, email));
  }

  async syncBookingTerms(
    doctorId: string,
    terms: { feePaise: number; acceptingBookings: boolean },
    version: number,
  ): Promise<GatewayResult<{ speciality: string } | null>> {
    return this.run((db) => doctorsRepo.syncBookingTerms(db, doctorId, terms, version, new Date()));
  }

  async updateDoctorProfile(
    doctorId: string,
    change: DoctorProfileChange,
  ): Promise<GatewayResult<{ before: DoctorRecord; after: DoctorRecord } | null>> {
    return this.run((db) => doctorsRepo.updateDoctorProfile(db, doctorId, change, new Date()));
  }

  // Clinics and their API keys (clinics.repo.ts).

  async insertClinic(record: ClinicRecord): Promise<GatewayResult<{ created: true } | { duplicate: "slug" }>> {
    return this.run((db) => clinicsRepo.insertClinic(db, record));
  }

  async findClinic(clinicId: string): Promise<GatewayResult<ClinicRecord | null>> {
    return this.run((db) => clinicsRepo.findClinic(db, clinicId));
  }

  async listClinics(limit: number): Promise<GatewayResult<ClinicRecord[]>> {
    return this.run((db) => clinicsRepo.listClinics(db, limit));
  }

  async setClinicDoctor(
    clinicId: string,
    doctorId: string,
    attached: boolean,
  ): Promise<GatewayResult<ClinicRecord | null>> {
    return this.run((db) => clinicsRepo.setClinicDoctor(db, clinicId, doctorId, attached, new Date()));
  }

  async insertApiKey(record: ApiKeyRecord): Promise<GatewayResult<true>> {
    return this.runDone((db) => clinicsRepo.insertApiKey(db, record));
  }

  async listApiKeys(clinicId: string): Promise<GatewayResult<ApiKeyRecord[]>> {
    return this.run((db) => clinicsRepo.listApiKeys(db, clinicId));
  }

  async revokeApiKey(clinicId: string, keyId: string): Promise<GatewayResult<ApiKeyRecord | null>> {
    return this.run((db) => clinicsRepo.revokeApiKey(db, clinicId, keyId, new Date()));
  }

  /** What an API key authenticates as: the key (by the hash of the presented key) and its clinic. */
  async resolveApiKey(hash: string): Promise<GatewayResult<{ key: ApiKeyRecord; clinic: ClinicRecord } | null>> {
    return this.run(async (db) => {
      const key = await clinicsRepo.findApiKeyByHash(db, hash);
      const clinic = key ? await clinicsRepo.findClinic(db, key.clinicId) : null;
      return key && clinic ? { key, clinic } : null;
    });
  }

  async touchApiKey(keyId: string, minIntervalMs: number): Promise<GatewayResult<true>> {
    return this.runDone((db) => clinicsRepo.touchApiKey(db, keyId, new Date(), minIntervalMs));
  }

  // Login accounts of patients and doctors (users.repo.ts).

  async createUser(record: UserRecord): Promise<GatewayResult<usersRepo.CreateUserResult>> {
    return this.run((db) => usersRepo.createUser(db, record));
  }

  async findUserByEmail(normalizedEmail: string): Promise<GatewayResult<UserRecord | null>> {
    return this.run((db) => usersRepo.findUserByEmail(db, normalizedEmail));
  }

  async findUserById(id: string): Promise<GatewayResult<UserRecord | null>> {
    return this.run((db) => usersRepo.findUserById(db, id));
  }

  async updateUser(id: string, patch: UserPatch): Promise<GatewayResult<UserRecord | null>> {
    return this.run((db) => usersRepo.updateUser(db, id, patch));
  }

  async deleteUser(id: string): Promise<GatewayResult<{ deleted: boolean }>> {
    return this.run((db) => usersRepo.deleteUser(db, id));
  }
}
