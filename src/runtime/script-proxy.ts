import { NotFoundError } from '../errors.js';
import { parseName } from '../store/names.js';
import { boundLabel } from './labels.js';
import type { ScriptRun } from './outcome.js';
import type { RuntimeScope } from './runtime-scope.js';
import type { Task } from './task.js';
import type { TaskSubmitter } from './task-submitter.js';

/** `om.runtime.script(name)`: runs the script's `run(om, payload)` as a task. */
export class ScriptProxy {
  constructor(
    private readonly om: RuntimeScope,
    readonly name: string,
    private readonly runtime: TaskSubmitter,
  ) {
    parseName(name, { projection: false, version: true });
  }

  run(payload?: unknown): Task<ScriptRun> {
    const { om, name } = this;
    return this.runtime.submit<ScriptRun>(async () => {
      const meta = await om.scripts.metadata(name);
      if (!meta) {
        throw new NotFoundError(`scripts/${name} (bucket ${om.bucketName}) does not exist in context ${om.context}`);
      }
      return { body: { task: 'script', script: name, payload }, boundLabel: boundLabel(meta) };
    });
  }
}
