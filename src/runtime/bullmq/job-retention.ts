/** Finished tasks stay findable by id for an hour (omega|ml's result expiry), failed ones a day. */
export const KEEP_SUCCEEDED = { age: 3600, count: 100_000 };
export const KEEP_FAILED = { age: 24 * 3600 };
