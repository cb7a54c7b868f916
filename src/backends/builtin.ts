import { modelCodecs } from '../models/codecs.js';
import { modelBackend } from '../models/model-backend.js';
import { BackendRegistry } from '../store/registry.js';
import { fileBackend } from './file.js';
import { jsonBackend } from './json.js';
import { notebookBackend } from './notebook.js';
import { scriptBackend } from './script.js';
import { tableBackend } from './table.js';

/**
 * The backends every later `setup()` starts with: the built-in ones and those of
 * `registerBackend`. Each context copies it, so a context's own backends stay its own.
 */
export const defaultBackends = new BackendRegistry();

// Lowest priority first: each registration goes in front of the previous ones.
defaultBackends.register(jsonBackend.kind, jsonBackend);
defaultBackends.register(fileBackend.kind, fileBackend);
defaultBackends.register(tableBackend.kind, tableBackend);
defaultBackends.register(scriptBackend.kind, scriptBackend);
defaultBackends.register(notebookBackend.kind, notebookBackend);
for (const codec of modelCodecs) defaultBackends.register(codec.kind, modelBackend(codec));
