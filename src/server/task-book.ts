/** What the server remembers of a task it submitted for an async request. */
export interface BookedTask {
  readonly context: string;
  readonly bucket: string;
  /** The synchronous response the task's result makes (`{ model, result, resource_uri }`, …). */
  readonly respond: (result: unknown) => unknown;
}

/** How many async tasks a server remembers; the oldest are forgotten first. */
const REMEMBERED = 100_000;

/**
 * The async tasks this server submitted, by id: where they ran (a poll from another context or
 * bucket does not see them) and how to shape their result like the synchronous answer.
 */
export class TaskBook {
  private readonly tasks = new Map<string, BookedTask>();

  remember(id: string, task: BookedTask): void {
    this.tasks.set(id, task);
    if (this.tasks.size > REMEMBERED) this.tasks.delete(this.tasks.keys().next().value as string);
  }

  get(id: string): BookedTask | undefined {
    return this.tasks.get(id);
  }
}
