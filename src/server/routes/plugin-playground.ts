import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { FastifyPluginAsync } from "fastify";
import { parseLedger } from "../../bubble/build/id-ledger.js";
import { defaultLedgerPath } from "../../bubble/build/plugin-ids.js";
import { runPluginAction } from "../../bubble/runtime/run-plugin-action.js";
import { type Clock, systemClock } from "../../jwt/index.js";
import { ServiceError } from "../errors.js";
import { successBody } from "../lib/bubble-body.js";
import { type BuiltPluginView, defaultPluginDir, readBuiltPlugin } from "../lib/built-plugin.js";
import { PAGE_CSP, refuseCrossSite, refuseForeignHost } from "./test-page.js";

/** An action run that has not answered after this long gets a 503 (the service stays up). */
export const PLAYGROUND_RUN_TIMEOUT_MS = 10_000;
/** Runs at once; one more waits for none and gets a 503, so hung actions cannot pile up. */
export const PLAYGROUND_MAX_RUNS = 4;

export interface PlaygroundOptions {
  /** The built plugin (default dist/bubble-plugin under the package root; `npm run build:plugin`). */
  pluginDir?: string;
  /** Overrides {@link PLAYGROUND_RUN_TIMEOUT_MS}, for tests. */
  runTimeoutMs?: number;
  /** The actions' clock; the app's clock by default, so tests freeze it. */
  clock?: Clock;
}

const PAGE_FILES = [
  { route: "/plugin", file: "plugin.html", type: "text/html; charset=utf-8" },
  { route: "/plugin.js", file: "plugin.js", type: "text/javascript; charset=utf-8" },
  { route: "/plugin.css", file: "plugin.css", type: "text/css; charset=utf-8" },
] as const;

/**
 * The plugin playground at `/plugin`: every action of the built plugin with a form drawn from its
 * params.json, run on the server by the local runtime (the real built server.js, as Bubble evaluates
 * it). The plugin keys typed in the page come with each run and are kept nowhere. It runs code with
 * whatever the page sends, so it exists exactly where the test page's token route does
 * (`config.testPageTokens`: development keys, loopback listen address) and answers only a Host naming
 * that address; a run must also be a same-origin JSON request.
 */
export const pluginPlaygroundRoutes: FastifyPluginAsync<PlaygroundOptions> = async (app, options) => {
  const config = app.serviceConfig;
  if (!config.testPageTokens) return;
  const pluginDir = options.pluginDir ?? defaultPluginDir();
  const timeoutMs = options.runTimeoutMs ?? PLAYGROUND_RUN_TIMEOUT_MS;
  const clock = options.clock ?? systemClock;
  let running = 0;

  app.addHook("onRequest", async (request) => refuseForeignHost(request, config.host));

  const dir = new URL("../page/", import.meta.url);
  for (const { route, file, type } of PAGE_FILES) {
    const body = readFileSync(new URL(file, dir), "utf8");
    app.get(route, async (_request, reply) => {
      reply.header("content-security-policy", PAGE_CSP);
      reply.header("cache-control", "no-cache");
      reply.type(type);
      return body;
    });
  }

  app.get("/plugin/actions", async (_request, reply) => {
    reply.header("cache-control", "no-store");
    const plugin = await requirePlugin(pluginDir);
    // Each action's --only id (its key in the ID ledger), so the page can say how to install it alone.
    const keys = actionKeysById();
    return successBody({
      ...plugin,
      actions: plugin.actions.map((action) => ({ ...action, key: keys.get(action.id) ?? null })),
    });
  });

  // The by-hand install kit the build wrote beside the plugin; `#only=<id>` opens it with that action
  // chosen. Its one inline script and style are allowed by their hashes, nothing else.
  app.get("/plugin/install", async (_request, reply) => {
    let html: string;
    try {
      html = await readFile(join(pluginDir, "INSTALL.html"), "utf8");
    } catch {
      await requirePlugin(pluginDir);
      throw new ServiceError({
        statusCode: 404,
        status: "NOT_FOUND",
        message: "The built plugin has no INSTALL.html: run `npm run build:plugin`, then reload this page.",
        reasonCode: "ERR_PLUGIN_NOT_BUILT",
      });
    }
    reply.header("content-security-policy", kitCsp(html));
    reply.header("cache-control", "no-cache");
    reply.type("text/html; charset=utf-8");
    return html;
  });

  app.post("/plugin/run", async (request, reply) => {
    refuseCrossSite(request);
    reply.header("cache-control", "no-store");
    const body = readRunBody(request.body);
    const plugin = await requirePlugin(pluginDir);
    const action = plugin.actions.find((item) => item.id === body.action);
    if (action === undefined) {
      throw new ServiceError({
        statusCode: 404,
        status: "NOT_FOUND",
        message:
          "The built plugin has no action with that ID. " +
          `Actions: ${plugin.actions.map((item) => `${item.id} (${item.display})`).join(", ")}.`,
        reasonCode: "ERR_ACTION_UNKNOWN",
      });
    }
    for (const name of Object.keys(body.input)) {
      if (!action.fields.some((field) => field.name === name)) {
        throw invalid(
          `${action.display} has no field of that name. Fields: ${action.fields.map((field) => field.name).join(", ")}.`,
          "ERR_FIELD_UNKNOWN",
        );
      }
    }
    const keys: Record<string, string> = {};
    for (const [caption, value] of Object.entries(body.keys)) {
      if (!plugin.keys.includes(caption)) {
        throw invalid(
          `The plugin has no key of that name. Keys: ${plugin.keys.join(", ")}.`,
          "ERR_KEY_UNKNOWN",
        );
      }
      // An empty key is a key the app owner did not fill in: the action sees none.
      if (value !== "") keys[caption] = value;
    }
    if (running >= PLAYGROUND_MAX_RUNS) throw busy("Too many actions are running; try again shortly.");
    // Counted until the action itself settles, even after its time-out answered.
    running += 1;
    const release = () => {
      running -= 1;
    };
    const work = runPluginAction({ pluginDir, action: action.id, input: body.input, keys, clock });
    work.then(release, release);
    try {
      const values = await withTimeout(work, timeoutMs);
      return successBody({ action: action.id, values, thrown: null });
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      // The action threw ("Stop the workflow on error", or a plugin bug): on Bubble the workflow stops
      // with this message. It is the run's result, shown in the page, never logged (it may quote input).
      const message = error instanceof Error ? error.message : String(error);
      return successBody({ action: action.id, values: null, thrown: message });
    }
  });
};

/** The action keys of the ID ledger, by action ID; empty when the ledger cannot be read. */
function actionKeysById(): Map<string, string> {
  const byId = new Map<string, string>();
  try {
    const path = defaultLedgerPath();
    const ledger = parseLedger(readFileSync(path, "utf8"), path);
    for (const [key, action] of Object.entries(ledger.actions)) byId.set(action.id, key);
  } catch {
    // Without the ledger the page shows no install hint; the playground itself still works.
  }
  return byId;
}

/** The install kit's policy: its inline script and styles by hash, no network at all. */
function kitCsp(html: string): string {
  const hashes = (tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map(
      (match) =>
        `'sha256-${createHash("sha256")
          .update(match[1] ?? "")
          .digest("base64")}'`,
    );
  return [
    "default-src 'none'",
    `script-src ${hashes("script").join(" ") || "'none'"}`,
    `style-src ${hashes("style").join(" ") || "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

async function requirePlugin(pluginDir: string): Promise<BuiltPluginView> {
  const plugin = await readBuiltPlugin(pluginDir);
  if (plugin !== undefined) return plugin;
  const shown = relative(process.cwd(), pluginDir) || pluginDir;
  throw new ServiceError({
    statusCode: 404,
    status: "NOT_FOUND",
    message: `No built plugin in ${shown}: run \`npm run build:plugin\` (or \`npm run build\`), then reload this page.`,
    reasonCode: "ERR_PLUGIN_NOT_BUILT",
  });
}

interface RunBody {
  action: string;
  input: Record<string, unknown>;
  keys: Record<string, string>;
}

/** `{action, input, keys}`: the action ID, field values by name, plugin key values by caption. */
function readRunBody(body: unknown): RunBody {
  if (!isRecord(body)) throw invalid("Send a JSON object: {action, input, keys}.", "ERR_BODY_INVALID");
  const { action, input = {}, keys = {} } = body;
  if (typeof action !== "string" || action === "") {
    throw invalid("action must be the ID of one of the built plugin's actions.", "ERR_BODY_INVALID");
  }
  if (!isRecord(input) || !Object.values(input).every(isFieldValue)) {
    throw invalid(
      "input must be an object of field values (text, number, yes/no, null or a list).",
      "ERR_BODY_INVALID",
    );
  }
  if (!isRecord(keys) || !Object.values(keys).every((value) => typeof value === "string")) {
    throw invalid("keys must be an object of texts, by key caption.", "ERR_BODY_INVALID");
  }
  return { action, input, keys: keys as Record<string, string> };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isFieldValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => item === null || typeof item !== "object");
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

function invalid(message: string, reasonCode: string): ServiceError {
  return new ServiceError({ statusCode: 400, status: "INVALID_DATA", message, reasonCode });
}

function busy(message: string): ServiceError {
  return new ServiceError({
    statusCode: 503,
    status: "SERVICE_UNAVAILABLE",
    message,
    reasonCode: "ERR_PLAYGROUND_BUSY",
  });
}

/**
 * The answer waits at most `ms`. An action cannot be stopped from outside (it runs in this process, as
 * the local runtime runs it), so a late one finishes in the background and its result is dropped.
 */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ServiceError({
            statusCode: 503,
            status: "SERVICE_UNAVAILABLE",
            message: `The action did not finish within ${ms / 1000} s.`,
            reasonCode: "ERR_ACTION_TIMEOUT",
          }),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
