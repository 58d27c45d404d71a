CREATE TABLE `reminders` (
	`appointment_id` text NOT NULL,
	`offset` text NOT NULL,
	`due_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`appointment_id`, `offset`)
);
--> statement-breakpoint
CREATE INDEX `reminders_due` ON `reminders` (`due_at`);