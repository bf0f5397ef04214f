// The Bubble ID ledger (src/bubble/ids.json): every released ID keeps its name, the build gives new
// names the next free code and appends them, and a duplicate, a changed or a removed released ID fails
// the build naming the entries. Real builds into temporary folders, on temporary copies of the ledger.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  ACTIONS,
  actionFolder,
  BUBBLE_ID,
  buildPlugin,
  defaultLedgerPath,
  folderSuffix,
  formatLedger,
  type IdLedger,
  IdLedgerError,
  identifyPlugin,
  nthId,
  parseLedger,
  runPluginAction,
} from "../../src/bubble/index.js";
import { decodeWithNoteAction, greetAction, laterAction } from "./helpers/ledger-actions.js";

// Captured from `npm run build` before the IDs moved into the ledger: every action's ID and folder,
// its fields and return values by name, and the plugin keys by caption, as released.
interface Released {
  actions: Record<
    string,
    { id: string; folder: string; fields: Record<string, string>; returns: Record<string, string> }
  >;
  plugin_keys: Record<string, string>;
}
const RELEASED: Released = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/bubble-ids-released.json", import.meta.url)), "utf8"),
);

const LEDGER_PATH = defaultLedgerPath();
const LEDGER_TEXT = readFileSync(LEDGER_PATH, "utf8");
const LEDGER = parseLedger(LEDGER_TEXT, "src/bubble/ids.json");

const temp = mkdtempSync(join(tmpdir(), "bubble-jwt-ledger-"));
after(() => rmSync(temp, { recursive: true, force: true }));
let copies = 0;

/** A copy of the committed ledger (or of `ledger`) in a fresh temporary folder. */
function ledgerCopy(ledger?: IdLedger): string {
  copies += 1;
  const path = join(temp, `ids-${copies}.json`);
  if (ledger === undefined) copyFileSync(LEDGER_PATH, path);
  else writeFileSync(path, formatLedger(ledger));
  return path;
}

const readLedger = (path: string) => parseLedger(readFileSync(path, "utf8"), path);
const clone = (ledger: IdLedger): IdLedger => JSON.parse(JSON.stringify(ledger));

/** Every (entry, ID) of a ledger, flat. */
function flat(ledger: IdLedger): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, ids] of Object.entries(ledger.actions)) {
    map.set(`action ${key}`, ids.id);
    for (const [name, id] of Object.entries(ids.fields)) map.set(`${key} field ${name}`, id);
    for (const [name, id] of Object.entries(ids.returns)) map.set(`${key} return value ${name}`, id);
  }
  for (const [caption, id] of Object.entries(ledger.plugin_keys)) map.set(`plugin key ${caption}`, id);
  return map;
}

/**
 * The codes a build gives next against the committed ledger, in order: the series from DAA on, less
 * the codes the ledger already holds (recipes added since the release take some).
 */
function freeIds(count: number): string[] {
  const used = new Set(flat(LEDGER).values());
  const free: string[] = [];
  for (let n = 0; free.length < count; n += 1) if (!used.has(nthId(n))) free.push(nthId(n));
  return free;
}
const FREE = freeIds(12);
const free = (n: number): string => FREE[n] ?? "";

describe("the committed ledger", () => {
  it("holds every released action, field, return value and plugin key ID under its name", () => {
    const identified = identifyPlugin({ check: true });
    assert.equal(Object.keys(RELEASED.actions).length, 27);
    for (const [display, released] of Object.entries(RELEASED.actions)) {
      const action = identified.actions.find((each) => each.display === display);
      assert.ok(action, `the registry still has "${display}"`);
      const entry = LEDGER.actions[action.key];
      assert.ok(entry, `the ledger has ${action.key}`);
      assert.equal(entry.id, released.id, display);
      assert.equal(actionFolder(action.id), `actions/${released.folder}`);
      // Every released name keeps its ID in the ledger and in the build; names added later get new IDs.
      const built = {
        fields: Object.fromEntries(action.fields.map((field) => [field.name, field.id])),
        returns: Object.fromEntries(action.returns.map((item) => [item.name, item.id])),
      };
      for (const kind of ["fields", "returns"] as const) {
        for (const [name, id] of Object.entries(released[kind])) {
          assert.equal(entry[kind][name], id, `${display}: ledger ${kind} ${name}`);
          assert.equal(built[kind][name], id, `${display}: built ${kind} ${name}`);
        }
      }
    }
    for (const [caption, id] of Object.entries(RELEASED.plugin_keys)) {
      assert.equal(LEDGER.plugin_keys[caption], id, `plugin key ${caption}`);
    }
    const builtKeys = Object.fromEntries(identified.keys.map((key) => [key.caption, key.id]));
    for (const [caption, id] of Object.entries(RELEASED.plugin_keys)) {
      assert.equal(builtKeys[caption], id, `built plugin key ${caption}`);
    }
  });

  it("lacks no ID the registry needs and is written in its canonical form (else: npm run build:plugin, commit)", () => {
    const identified = identifyPlugin({ check: true });
    assert.deepEqual(identified.added, []);
    assert.equal(identified.ledgerChanged, false);
    assert.equal(formatLedger(LEDGER), LEDGER_TEXT);
    assert.match(LEDGER_TEXT, /^\{\n {4}"actions": \{\n/);
  });

  it("keys the actions by recipe, exchange or core key, one entry each", () => {
    assert.deepEqual(
      ACTIONS.map((action) => action.key).sort(),
      Object.keys(LEDGER.actions)
        .filter((key) => ACTIONS.some((action) => action.key === key))
        .sort(),
    );
    for (const key of ["encode-jwt", "decode-jwt", "verify-jwt", "generate-key", "verify-sign-in-token"]) {
      assert.ok(
        ACTIONS.some((action) => action.key === key),
        key,
      );
    }
  });
});

describe("new IDs", () => {
  it("run DAA, DAB, ... DAZ, DAa ... DAz, DBA: Bubble codes whose folder suffix is their ASCII in base32", () => {
    assert.deepEqual([0, 1, 25, 26, 51, 52].map(nthId), ["DAA", "DAB", "DAZ", "DAa", "DAz", "DBA"]);
    assert.equal(nthId(23 * 52 * 52 - 1), "Zzz");
    assert.equal(nthId(23 * 52 * 52), "");
    for (const n of [0, 26, 51, 2704, 60000]) assert.match(nthId(n), BUBBLE_ID);
    assert.equal(folderSuffix("DAa"), "8h0p2");
    // No released ID is in the new series, so it can never meet one.
    const released = [
      ...Object.values(RELEASED.actions).flatMap((action) => [
        action.id,
        ...Object.values(action.fields),
        ...Object.values(action.returns),
      ]),
      ...Object.values(RELEASED.plugin_keys),
    ];
    for (const id of released) assert.match(id, /^[ABC]/);
  });

  it("the build gives a new field and a new action the next free IDs, appends them to the ledger and writes them", async () => {
    const path = ledgerCopy();
    const out = join(temp, "plugin-new");
    const built = await buildPlugin({
      outDir: out,
      ledger: path,
      released: null,
      actions: [...ACTIONS.slice(0, 1), decodeWithNoteAction, greetAction],
    });
    assert.deepEqual(built.addedIds, [
      `decode-jwt field note = ${free(0)}`,
      `decode-jwt return value note_echo = ${free(1)}`,
      `action ledger-test-greet = ${free(2)}`,
      `ledger-test-greet field who = ${free(3)}`,
      `ledger-test-greet field stop_on_error = ${free(4)}`,
      `ledger-test-greet return value greeting = ${free(5)}`,
      `ledger-test-greet return value ok = ${free(6)}`,
      `ledger-test-greet return value error = ${free(7)}`,
      `ledger-test-greet return value error_code = ${free(8)}`,
    ]);
    const after = readLedger(path);
    // Appended: every entry that was there keeps its ID; only the new ones are added.
    const before = flat(LEDGER);
    const now = flat(after);
    for (const [entry, id] of before) assert.equal(now.get(entry), id, entry);
    assert.equal(now.size, before.size + 9);
    assert.equal(after.actions["decode-jwt"]?.fields.note, free(0));
    assert.equal(after.actions["decode-jwt"]?.fields.token, "AEA");
    assert.equal(readFileSync(path, "utf8"), formatLedger(after));

    // The written plugin uses them: Decode keeps its folder and released IDs, Greet gets the third free code's.
    const decode = JSON.parse(readFileSync(join(out, "actions/AAD-850m8/params.json"), "utf8"));
    const byRank = Object.entries(decode.fields as Record<string, { name: string; rank: number }>).sort(
      ([, a], [, b]) => a.rank - b.rank,
    );
    assert.deepEqual(
      byRank.map(([id, field]) => `${id}:${field.name}`),
      ["AEA:token", `${free(0)}:note`, "AEB:stop_on_error"],
    );
    assert.equal(decode.return_value[free(1)].name, "note_echo");
    const greet = JSON.parse(readFileSync(join(out, `${actionFolder(free(2))}/params.json`), "utf8"));
    assert.equal(greet.display, "Greet (ledger test)");
    assert.deepEqual(Object.keys(greet.fields), [free(3), free(4)]);
    assert.deepEqual(await runPluginAction({ pluginDir: out, action: free(2), input: { who: "Ada" } }), {
      greeting: "hello Ada",
      ok: true,
      error: null,
      error_code: null,
    });

    // A second build finds everything: the same IDs, nothing added, the ledger's bytes unchanged.
    const text = readFileSync(path, "utf8");
    const again = identifyPlugin({
      ledger: path,
      released: null,
      actions: [decodeWithNoteAction, greetAction],
      check: true,
    });
    assert.deepEqual(again.added, []);
    assert.equal(again.actions[1]?.id, free(2));
    assert.equal(readFileSync(path, "utf8"), text);
  });

  it("check mode (CI) fails when the ledger lacks an entry, naming it, and writes nothing", async () => {
    const path = ledgerCopy();
    await assert.rejects(
      buildPlugin({
        outDir: join(temp, "plugin-check"),
        ledger: path,
        released: null,
        actions: [decodeWithNoteAction],
        check: true,
      }),
      (error: unknown) => {
        assert.ok(error instanceof IdLedgerError);
        assert.equal(error.code, "ERR_ID_MISSING");
        assert.match(error.message, /no ID for decode-jwt field note, decode-jwt return value note_echo\./);
        assert.match(error.message, /npm run build:plugin/);
        return true;
      },
    );
    assert.equal(readFileSync(path, "utf8"), LEDGER_TEXT);
  });

  it("an action taken out of the registry keeps its entry, and its IDs are never given again", () => {
    const path = ledgerCopy();
    const first = identifyPlugin({ ledger: path, released: null, actions: [greetAction] });
    writeFileSync(path, first.ledgerText);
    const greetIds = new Set(
      [...flat(readLedger(path))]
        .filter(([entry]) => entry.includes("ledger-test-greet"))
        .map(([, id]) => id),
    );
    assert.equal(greetIds.size, 7);

    // Greet is gone from the registry; Later is new.
    const second = identifyPlugin({ ledger: path, released: null, actions: [...ACTIONS, laterAction] });
    writeFileSync(path, second.ledgerText);
    const after = readLedger(path);
    assert.ok(after.actions["ledger-test-greet"], "the removed action's entry stays");
    const later = second.actions.at(-1);
    assert.equal(later?.key, "ledger-test-later");
    const laterIds = [
      later?.id,
      ...(later?.fields ?? []).map((f) => f.id),
      ...(later?.returns ?? []).map((r) => r.id),
    ];
    for (const id of laterIds) assert.ok(!greetIds.has(id as string), `${id} was Greet's`);
    assert.deepEqual(laterIds, FREE.slice(7, 12));
  });
});

describe("a ledger that contradicts itself or what was released fails the build", () => {
  it("names both entries of a duplicate ID", async () => {
    const ledger = clone(LEDGER);
    ledger.plugin_keys.JWT_SECRET = "ACC"; // Encode JWT's Expiration
    const path = ledgerCopy(ledger);
    await assert.rejects(
      buildPlugin({ outDir: join(temp, "plugin-dup"), ledger: path, released: null }),
      (error: unknown) => {
        assert.ok(error instanceof IdLedgerError);
        assert.equal(error.code, "ERR_ID_DUPLICATE");
        assert.match(
          error.message,
          /gives the ID ACC to both encode-jwt field expiration and plugin key JWT_SECRET/,
        );
        return true;
      },
    );
  });

  it("names the entry whose released ID changed, with both IDs, and the entry now holding the old one", () => {
    const changed = clone(LEDGER);
    (changed.actions["encode-jwt"] as IdLedger["actions"][string]).fields.expiration = "DZZ";
    assert.throws(
      () => identifyPlugin({ ledger: ledgerCopy(changed), released: LEDGER }),
      (error: unknown) => {
        assert.ok(error instanceof IdLedgerError);
        assert.equal(error.code, "ERR_ID_CHANGED");
        assert.match(
          error.message,
          /changes the released ID of encode-jwt field expiration: ACC when committed, DZZ now/,
        );
        return true;
      },
    );
    // Two released IDs swapped: each is still unique, but both changed meaning.
    const swapped = clone(LEDGER);
    const encode = swapped.actions["encode-jwt"] as IdLedger["actions"][string];
    [encode.fields.secret, encode.fields.expiration] = [
      encode.fields.expiration as string,
      encode.fields.secret as string,
    ];
    assert.throws(
      () => identifyPlugin({ ledger: ledgerCopy(swapped), released: LEDGER }),
      /encode-jwt field expiration: ACC when committed, ACB now \(and ACC is now given to encode-jwt field secret\)/,
    );
  });

  it("refuses a released entry removed, and a code that is not Bubble's", () => {
    const removed = clone(LEDGER);
    delete removed.actions["verify-jwt"];
    assert.throws(
      () => identifyPlugin({ ledger: ledgerCopy(removed), released: LEDGER }),
      (error: unknown) =>
        error instanceof IdLedgerError &&
        error.code === "ERR_ID_REMOVED" &&
        /action verify-jwt \(AAE\)/.test(error.message),
    );
    const invalid = clone(LEDGER);
    invalid.plugin_keys.JWT_SECRET = "AB-1";
    assert.throws(
      () => identifyPlugin({ ledger: ledgerCopy(invalid), released: null }),
      (error: unknown) =>
        error instanceof IdLedgerError &&
        error.code === "ERR_ID_INVALID" &&
        /plugin key JWT_SECRET/.test(error.message),
    );
  });

  it("by default compares with the ledger as committed in git", () => {
    const repo = mkdtempSync(join(temp, "repo-"));
    const path = join(repo, "ids.json");
    copyFileSync(LEDGER_PATH, path);
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], {
        cwd: repo,
        stdio: "ignore",
      });
    git("init", "-q");
    git("add", "ids.json");
    git("commit", "-q", "-m", "ledger");
    const edited = clone(LEDGER);
    (edited.actions["decode-jwt"] as IdLedger["actions"][string]).returns.ok = free(0);
    writeFileSync(path, formatLedger(edited));
    assert.throws(
      () => identifyPlugin({ ledger: path }),
      new RegExp(`decode-jwt return value ok: AFL when committed, ${free(0)} now`),
    );
    // Adding entries is what the build does: allowed against the committed ledger.
    writeFileSync(path, LEDGER_TEXT);
    writeFileSync(path, identifyPlugin({ ledger: path, actions: [greetAction] }).ledgerText);
    assert.equal(
      identifyPlugin({ ledger: path, actions: [greetAction], check: true }).actions[0]?.id,
      free(0),
    );
  });

  it("refuses a ledger that is not one (a merge conflict left in it, an unknown member)", () => {
    const conflicted = join(temp, "conflicted.json");
    writeFileSync(conflicted, `<<<<<<< HEAD\n${LEDGER_TEXT}=======\n${LEDGER_TEXT}>>>>>>> other\n`);
    assert.throws(
      () => identifyPlugin({ ledger: conflicted, released: null }),
      (error: unknown) =>
        error instanceof IdLedgerError &&
        error.code === "ERR_ID_LEDGER_INVALID" &&
        /is not valid JSON/.test(error.message),
    );
    const extra = JSON.parse(LEDGER_TEXT);
    extra.actions["encode-jwt"].next = "DAA";
    const path = join(temp, "extra.json");
    writeFileSync(path, JSON.stringify(extra));
    assert.throws(
      () => identifyPlugin({ ledger: path, released: null }),
      /action encode-jwt has unknown member next/,
    );
  });

  it("refuses two actions with one key, naming both", () => {
    assert.throws(
      () =>
        identifyPlugin({
          ledger: ledgerCopy(),
          released: null,
          actions: [greetAction, { ...greetAction, display: "Greet again" }],
        }),
      /"Greet \(ledger test\)" and "Greet again" have the same key "ledger-test-greet"/,
    );
  });
});
