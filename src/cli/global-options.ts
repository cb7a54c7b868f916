import { type Command, type HelpConfiguration, Option } from 'commander';

/** The options every command accepts, before its name or after it (API.md §8). */
export interface GlobalOptions {
  context?: string;
  bucket?: string;
  local?: boolean;
  json?: boolean;
  debug?: boolean;
}

const GLOBAL_OPTIONS: readonly (readonly [flags: string, description: string])[] = [
  ['--context <name>', 'the context to work in (default: OMEGA_CONTEXT, the config, or default)'],
  ['--bucket <name>', 'the bucket to work in (default: default)'],
  ['--local', 'run tasks in-process'],
  ['--json', 'print machine-readable JSON (errors too, on stderr)'],
  ['--debug', 'print stack traces of errors'],
];

/** The copies repeatGlobalOptions made, told apart from a command's own option of the same name. */
const repeated = new WeakSet<Option>();

/** Adds the global options to the root command. */
export function addGlobalOptions(program: Command): Command {
  for (const [flags, description] of GLOBAL_OPTIONS) program.option(flags, description);
  return program;
}

/**
 * Lets every command below `program` take the global options after its name too
 * (`om datasets list --json`), as hidden copies. The root keeps positional options, so a command
 * with an option of its own by that name (`om worker --context`) keeps it: there no copy is made.
 * Call once every command has been added.
 */
export function repeatGlobalOptions(program: Command): void {
  for (const command of program.commands) {
    for (const [flags, description] of GLOBAL_OPTIONS) {
      const copy = new Option(flags, description).hideHelp();
      if (command.options.some((own) => own.long === copy.long)) continue;
      repeated.add(copy);
      command.addOption(copy);
    }
    repeatGlobalOptions(command);
  }
}

/** Help that shows, under "Global Options:", the global options a command takes after its name. */
export const GLOBAL_OPTIONS_HELP: HelpConfiguration = {
  showGlobalOptions: true,
  visibleGlobalOptions: (command: Command) => command.options.filter((option) => repeated.has(option)),
};

/**
 * The global options of this run: those before the command, overridden by copies given after a
 * command name (the last one wins). Only the commands on the parsed line hold values.
 */
export function globalOptionValues(program: Command): GlobalOptions {
  const values: Record<string, unknown> = { ...program.opts() };
  const collect = (command: Command): void => {
    for (const option of command.options) {
      if (!repeated.has(option)) continue;
      const value: unknown = command.getOptionValue(option.attributeName());
      if (value !== undefined) values[option.attributeName()] = value;
    }
    command.commands.forEach(collect);
  };
  program.commands.forEach(collect);
  return values as GlobalOptions;
}
