import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { isStoreError } from "../../../src/server/stores/errors.js";
import type { RevocationCheck, RevocationStore } from "../../../src/server/stores/revocation-store.js";

/** How a suite makes a store: with this clock tolerance, on the real clock (Redis expires in real time). */
export type MakeStore = (options: { clockToleranceSeconds: number }) => Promise<RevocationStore>;

const nowSeconds = () => Math.floor(Date.now() / 1000);
let unique = 0;
/** An id no other test (or run) uses. */
export const id = (label: string) => `${label}-${process.pid}-${Date.now()}-${++unique}`;

/**
 * The contract every RevocationStore keeps, run against memory and Redis alike; `makeStore` makes a
 * fresh store per test (on a server the suite started).
 */
export function revocationStoreBehaviour(name: string, makeStore: MakeStore): void {
  describe(`${name}: the RevocationStore contract`, () => {
    const stores: RevocationStore[] = [];
    const open = async (clockToleranceSeconds = 0) => {
      const store = await makeStore({ clockToleranceSeconds });
      stores.push(store);
      return store;
    };
    after(async () => {
      for (const store of stores) await store.close();
    });

    it("answers at once (isRevokedNow) as isRevoked does, where the store holds the list in this process", async () => {
      const store = await open();
      if (store.isRevokedNow === undefined) {
        assert.equal(store.kind, "redis", "only a store that must ask elsewhere goes without it");
        return;
      }
      const jti = id("jti");
      const user = id("user");
      const cutoff = nowSeconds();
      await store.revokeToken(jti, cutoff + 120);
      await store.revokeUser(user, cutoff, 60);
      const cases: [RevocationCheck, boolean][] = [
        [{ jti }, true],
        [{ jti: id("other") }, false],
        [{ userId: user, iat: cutoff - 1 }, true],
        [{ userId: id("other-user"), iat: cutoff - 1 }, false],
        [{}, false],
      ];
      for (const [check, revoked] of cases) {
        assert.equal(store.isRevokedNow(check), revoked, JSON.stringify(check));
        assert.equal(await store.isRevoked(check), revoked, JSON.stringify(check));
      }
    });

    it("refuses a revoked jti and no other", async () => {
      const store = await open();
      const jti = id("jti");
      const result = await store.revokeToken(jti, nowSeconds() + 120);
      assert.equal(result.stored, true);
      assert.ok(result.ttlSeconds >= 119 && result.ttlSeconds <= 120, `ttl ${result.ttlSeconds}`);
      assert.equal(await store.isRevoked({ jti }), true);
      assert.equal(await store.isRevoked({ jti, userId: id("user"), iat: nowSeconds() }), true);
      assert.equal(await store.isRevoked({ jti: id("other") }), false);
    });

    it("stores nothing for a token that has already expired, clock tolerance included", async () => {
      const store = await open(30);
      const expired = id("expired");
      assert.deepEqual(await store.revokeToken(expired, nowSeconds() - 31), { stored: false, ttlSeconds: 0 });
      assert.equal(await store.isRevoked({ jti: expired }), false);
      const late = id("late");
      const kept = await store.revokeToken(late, nowSeconds() - 10);
      assert.equal(kept.stored, true, "still accepted for 20 s by a verifier with 30 s of tolerance");
      assert.ok(kept.ttlSeconds >= 19 && kept.ttlSeconds <= 20, `ttl ${kept.ttlSeconds}`);
      assert.equal(await store.isRevoked({ jti: late }), true);
    });

    it("keeps a token's entry for its life plus the clock tolerance", async () => {
      const store = await open(30);
      const result = await store.revokeToken(id("jti"), nowSeconds() + 60);
      assert.ok(result.ttlSeconds >= 89 && result.ttlSeconds <= 90, `ttl ${result.ttlSeconds}`);
    });

    it("revoking a token again never shortens its entry", async () => {
      const store = await open();
      const jti = id("jti");
      await store.revokeToken(jti, nowSeconds() + 600);
      const again = await store.revokeToken(jti, nowSeconds() + 10);
      assert.ok(again.ttlSeconds >= 599, `ttl ${again.ttlSeconds}`);
    });

    it("revoke_user refuses the user's tokens issued before the cut-off, and only those", async () => {
      const store = await open();
      const user = id("user");
      const cutoff = nowSeconds();
      const result = await store.revokeUser(user, cutoff, 3600);
      assert.equal(result.stored, true);
      assert.equal(result.cutoffSeconds, cutoff);
      assert.ok(result.ttlSeconds >= 3599 && result.ttlSeconds <= 3600, `ttl ${result.ttlSeconds}`);
      assert.equal(await store.isRevoked({ userId: user, iat: cutoff - 1 }), true);
      assert.equal(await store.isRevoked({ userId: user, iat: cutoff }), false, "issued at the cut-off");
      assert.equal(await store.isRevoked({ userId: user, iat: cutoff + 5 }), false);
      assert.equal(await store.isRevoked({ userId: user }), true, "no iat: cannot tell, refused");
      assert.equal(await store.isRevoked({ userId: id("someone-else"), iat: cutoff - 1 }), false);
      assert.equal(await store.isRevoked({ jti: id("jti"), userId: user, iat: cutoff - 1 }), true);
    });

    it("a later cut-off wins over an earlier one, whatever the order", async () => {
      const store = await open();
      const user = id("user");
      const t = nowSeconds();
      await store.revokeUser(user, t, 3600);
      const earlier = await store.revokeUser(user, t - 100, 3600);
      assert.equal(earlier.cutoffSeconds, t, "the earlier cut-off does not replace the later one");
      assert.equal(await store.isRevoked({ userId: user, iat: t - 50 }), true);
      const later = await store.revokeUser(user, t + 50, 3600);
      assert.equal(later.cutoffSeconds, t + 50);
      assert.equal(await store.isRevoked({ userId: user, iat: t + 10 }), true);
      assert.equal(await store.isRevoked({ userId: user, iat: t + 50 }), false);
    });

    it("keeps a cut-off until the tokens it refuses have expired: cut-off + lifetime", async () => {
      const store = await open();
      const past = await store.revokeUser(id("user"), nowSeconds() - 1000, 3600);
      assert.ok(past.ttlSeconds >= 2599 && past.ttlSeconds <= 2600, `ttl ${past.ttlSeconds}`);
      const gone = id("user");
      const useless = await store.revokeUser(gone, nowSeconds() - 4000, 3600);
      assert.equal(useless.stored, false, "every token issued before it has expired");
      assert.equal(await store.isRevoked({ userId: gone, iat: nowSeconds() - 4001 }), false);
    });

    it("a check with neither jti nor user is not revoked; wrong types never match", async () => {
      const store = await open();
      assert.equal(await store.isRevoked({}), false);
      assert.equal(await store.isRevoked({ iat: nowSeconds() }), false);
      const bad = { jti: 42, userId: ["x"] } as unknown as { jti: string; userId: string };
      assert.equal(await store.isRevoked(bad), false);
    });

    it("rejects wrong arguments with a TypeError", async () => {
      const store = await open();
      await assert.rejects(store.revokeToken("", nowSeconds() + 60), TypeError);
      await assert.rejects(store.revokeToken("x".repeat(1025), nowSeconds() + 60), TypeError);
      await assert.rejects(store.revokeToken("jti", Number.NaN), TypeError);
      await assert.rejects(store.revokeUser("user", nowSeconds(), 0), TypeError);
      await assert.rejects(store.revokeUser("user", Number.POSITIVE_INFINITY, 60), TypeError);
    });

    it("reports its health, and after close() refuses every call with ERR_STORE_CLOSED", async () => {
      const store = await makeStore({ clockToleranceSeconds: 0 });
      const health = await store.health();
      assert.equal(health.status, "ok");
      assert.equal(health.store, store.kind);
      assert.ok(health.latencyMs >= 0);
      await store.close();
      await store.close();
      for (const call of [
        () => store.revokeToken(id("jti"), nowSeconds() + 60),
        () => store.revokeUser(id("user"), nowSeconds(), 60),
        () => store.isRevoked({ jti: id("jti") }),
      ]) {
        await assert.rejects(call(), (error) => isStoreError(error) && error.code === "ERR_STORE_CLOSED");
      }
      if (store.isRevokedNow !== undefined) {
        assert.throws(
          () => store.isRevokedNow?.({ jti: id("jti") }),
          (error) => isStoreError(error) && error.code === "ERR_STORE_CLOSED",
        );
      }
      const closed = await store.health();
      assert.equal(closed.status, "down");
      assert.equal(closed.status === "down" ? closed.code : "", "ERR_STORE_CLOSED");
    });
  });
}
