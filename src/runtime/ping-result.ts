/** What `ping` resolves to. */
export interface PingResult {
  message: string;
  worker: string;
  label: string;
  context: string;
  bucket: string;
  /** ISO 8601 time on the worker. */
  time: string;
  payload?: unknown;
}
