CREATE TABLE `payment_orders` (
	`appointment_id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`amount_paise` integer NOT NULL,
	`currency` text NOT NULL,
	`receipt` text NOT NULL,
	`paid_payment_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_orders_order_id_unique` ON `payment_orders` (`order_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`appointment_id` text NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payments_appointment` ON `payments` (`appointment_id`);--> statement-breakpoint
CREATE TABLE `razorpay_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`applied_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`appointment_id` text NOT NULL,
	`razorpay_refund_id` text,
	`send_at` integer,
	`send_attempts` integer DEFAULT 0 NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `refunds_appointment` ON `refunds` (`appointment_id`);--> statement-breakpoint
CREATE INDEX `refunds_send_at` ON `refunds` (`send_at`);