CREATE TABLE `appointment_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`appointment_id` text NOT NULL,
	`version` integer NOT NULL,
	`type` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_role` text NOT NULL,
	`actor_id` text NOT NULL,
	`reason` text,
	`from_start_ms` integer,
	`to_start_ms` integer,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appointment_events_version` ON `appointment_events` (`appointment_id`,`version`);--> statement-breakpoint
CREATE TABLE `appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`clinic_id` text,
	`start_ms` integer NOT NULL,
	`end_ms` integer NOT NULL,
	`status` text NOT NULL,
	`hold_expires_at` integer,
	`fee_paise` integer NOT NULL,
	`version` integer NOT NULL,
	`request_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_active_start` ON `appointments` (`start_ms`) WHERE status in ('held', 'booked');--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_request_key` ON `appointments` (`patient_id`,`request_key`);--> statement-breakpoint
CREATE INDEX `appointments_patient_status` ON `appointments` (`patient_id`,`status`);--> statement-breakpoint
CREATE INDEX `appointments_hold_expiry` ON `appointments` (`status`,`hold_expires_at`);--> statement-breakpoint
CREATE INDEX `appointments_start` ON `appointments` (`start_ms`);--> statement-breakpoint
CREATE TABLE `doctor_profile` (
	`doctor_id` text PRIMARY KEY NOT NULL,
	`time_zone` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic` text NOT NULL,
	`subject` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_next_attempt` ON `outbox` (`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_subject` ON `outbox` (`subject`);--> statement-breakpoint
CREATE TABLE `schedule` (
	`id` integer PRIMARY KEY NOT NULL,
	`doctor_id` text NOT NULL,
	`settings` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL
);
