DROP TABLE `doctor_profile`;--> statement-breakpoint
-- Booking terms MongoDB had not confirmed yet now travel through the outbox like appointments.
INSERT INTO `outbox` (`topic`, `subject`, `payload`, `created_at`, `attempts`, `next_attempt_at`)
SELECT 'terms', 'terms', json_object(
  'type', 'doctor.terms',
  'doctorId', `doctor_id`,
  'version', `version`,
  'feePaise', json_extract(`settings`, '$.feePaise'),
  'acceptingBookings', CASE WHEN json_extract(`settings`, '$.acceptingBookings') THEN json('true') ELSE json('false') END
), `updated_at`, 0, `updated_at`
FROM `schedule` WHERE `terms_synced_version` < `version`;--> statement-breakpoint
ALTER TABLE `schedule` DROP COLUMN `terms_synced_version`;
