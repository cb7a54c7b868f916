/** A 5-field cron expression in words, e.g. `At 08:30, Monday through Friday` (cronstrue, loaded on first use). */
export async function describeCron(cron: string): Promise<string> {
  const { default: cronstrue } = await import('cronstrue');
  return cronstrue.toString(cron, { use24HourTimeFormat: true, throwExceptionOnParseError: false });
}
