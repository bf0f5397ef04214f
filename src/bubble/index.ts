/**
 * The Bubble plugin: action definitions (one source of truth), the build that writes Bubble's
 * GitHub-sync layout, and a local runtime that runs a built action the way Bubble does.
 */
export { ACTIONS } from "./actions/index.js";
export { type BuildPluginOptions, type BuiltPlugin, buildPlugin } from "./build/build-plugin.js";
export { spliceFieldTables, updateDocsFieldTables } from "./build/docs-table.js";
export { renderFieldTables } from "./build/field-table.js";
export { actionFolder, folderSuffix } from "./build/folder-suffix.js";
export { SHARED_KEYS } from "./lib/plugin-keys.js";
export { UNEXPECTED_ERROR_CODE } from "./lib/settle.js";
export { evaluateServerJs, loadAction } from "./runtime/load-action.js";
export { type RunPluginActionOptions, runPluginAction } from "./runtime/run-plugin-action.js";
export type {
  ActionDefinition,
  BubbleContext,
  BubbleProperties,
  BubbleResult,
  FieldDefinition,
  ReturnDefinition,
} from "./types.js";
