/** Undo steps, run last-registered first; every step runs even when an earlier one fails. */
export class Cleanup {
  private readonly steps: { label: string; run: () => Promise<void> | void }[] = [];
  private running: Promise<string[]> | undefined;

  defer(label: string, run: () => Promise<void> | void): void {
    this.steps.push({ label, run });
  }

  /** Runs the steps once; returns a message per failed step. */
  run(): Promise<string[]> {
    this.running ??= this.runSteps();
    return this.running;
  }

  private async runSteps(): Promise<string[]> {
    const failures: string[] = [];
    for (const step of this.steps.reverse()) {
      try {
        await step.run();
      } catch (error) {
        failures.push(`${step.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return failures;
  }
}
