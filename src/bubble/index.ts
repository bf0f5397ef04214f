/**
 * The Bubble plugin: action definitions (one source of truth), the build that writes Bubble's
 * GitHub-sync layout, and a local runtime that runs a built action the way Bubble does.
 */
export { ACTIONS } from "./actions/index.js";
export {
  type BuildPluginOptions,
  type BuiltPlugin,
  buildPlugin,
  canBundle,
  catalogOf,
  installKitFiles,
  PREBUILT_PLUGIN_DIR,
  renderPlugin,
  writeInstallKit,
} from "./build/build-plugin.js";
export { renderErrorTable, renderFieldTables } from "./build/field-table.js";
export { actionFolder, folderSuffix } from "./build/folder-suffix.js";
export {
  type ActionIds,
  assignIds,
  BUBBLE_ID,
  checkLedger,
  formatLedger,
  type IdLedger,
  IdLedgerError,
  type IdLedgerErrorCode,
  type IdNeeds,
  nthId,
  parseLedger,
} from "./build/id-ledger.js";
export {
  type InstallKit,
  type KitCatalog,
  readInstallKit,
  renderInstallHtml,
  renderInstallMarkdown,
} from "./build/install-kit.js";
export {
  committedLedger,
  defaultLedgerPath,
  type IdentifiedPlugin,
  identifyPlugin,
  LEDGER_FILE,
  type PluginIdsOptions,
  saveLedger,
} from "./build/plugin-ids.js";
export {
  type ActionChoice,
  ActionChoiceError,
  actionChoices,
  actionGroup,
  chooseActionKeys,
  keysOfAction,
  narrowPlugin,
} from "./build/select-actions.js";
export { spliceFieldTables, updateDocsFieldTables } from "./build/splice-field-tables.js";
export {
  type ActionContext,
  type ActionSpec,
  defineAction,
  type FieldSpecs,
  type FieldValues,
  type ReturnSpecs,
  type ReturnValues,
} from "./define-action.js";
export {
  BUBBLE_ERRORS,
  BUBBLE_FAULT_ADVICE,
  type Failure,
  toFailure,
  UNEXPECTED_ERROR_CODE,
  type Verdict,
} from "./lib/errors.js";
export { SHARED_KEYS } from "./lib/plugin-keys.js";
export { pluginKeys } from "./plugin.js";
export { type RecipeActionOptions, recipeAction } from "./recipe-action.js";
export { evaluateServerJs, loadAction } from "./runtime/load-action.js";
export { type RunPluginActionOptions, runPluginAction } from "./runtime/run-plugin-action.js";
export type {
  ActionDefinition,
  BubbleContext,
  BubbleProperties,
  BubbleResult,
  FailureStyle,
  FieldDefinition,
  IdentifiedAction,
  IdentifiedField,
  IdentifiedKey,
  IdentifiedReturn,
  ReturnDefinition,
  SharedKeyDefinition,
} from "./types.js";
