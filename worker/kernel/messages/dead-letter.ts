/** A queue message that exhausted its retries (or failed validation), as kept in `dead_letters`. */
export interface DeadLetterRecord {
  _id: string; // `${queue}:${messageId}`
  queue: string;
  messageId: string;
  body: unknown;
  attempts: number;
  reason: string;
  recordedAt: Date;
  redrivenAt: Date | null;
}
