// The same Beams user token from the recipe and from Beams' server SDK (generateToken, offline): byte
// for byte when signed at the same second, and the SDK's token verifies with the recipe's key handling.
// pusher-beams.test.ts loads this file when the SDK is installed.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import PushNotifications from "@pusher/push-notifications-server";
import { fixedClock, verifyJwt } from "../../src/jwt/index.js";
import { runRecipe } from "../../src/recipes/index.js";
import { decoded, signatureValid } from "../recipes/helpers.js";

const INSTANCE = "8f9a6e22-2483-49aa-8552-125f1a4c5781";
const SECRET = "F8AC0B756E50DF235F642D6F0DC2CDE0328CD9184B3874C5E91AB2189BB722FE";

describe("@pusher/push-notifications-server generateToken (Beams user token)", () => {
  const beams = new PushNotifications({ instanceId: INSTANCE, secretKey: SECRET });

  /** The SDK's token, and the recipe's signed at the same second (the SDK reads the machine's clock). */
  function both(userId: string): { ours: string; theirs: string } {
    const theirs = beams.generateToken(userId).token;
    const iat = decoded(theirs).payload.iat ?? 0;
    const ours = runRecipe(
      "pusher-beams-token",
      { instance_id: INSTANCE, secret_key: SECRET, user_id: userId },
      { clock: fixedClock(iat * 1000) },
    ).token;
    return { ours, theirs };
  }

  it("makes the same token byte for byte: header, claims in order, 24 hours, signature", () => {
    const { ours, theirs } = both("user-42");
    assert.equal(ours, theirs);
    const { payload } = decoded(theirs);
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 86_400);
  });

  it("agrees for a user id of 164 characters and with characters outside ASCII", () => {
    for (const userId of ["u".repeat(164), "Zoë Ünïcode"]) {
      const { ours, theirs } = both(userId);
      assert.equal(ours, theirs, userId.slice(0, 10));
    }
  });

  it("each verifies with the other's key handling", () => {
    const { ours, theirs } = both("user-42");
    assert.ok(signatureValid(theirs, Buffer.from(SECRET)));
    const iat = decoded(theirs).payload.iat ?? 0;
    const checked = verifyJwt(theirs, SECRET, { algorithms: ["HS256"], clock: fixedClock(iat * 1000) });
    assert.equal(checked.payload.sub, "user-42");
    assert.ok(signatureValid(ours, Buffer.from(SECRET)));
  });

  it("both refuse a user id longer than 164 characters", () => {
    assert.throws(() => beams.generateToken("u".repeat(165)), /maximum length of 164/);
    assert.throws(
      () =>
        runRecipe("pusher-beams-token", {
          instance_id: INSTANCE,
          secret_key: SECRET,
          user_id: "u".repeat(165),
        }),
      /164/,
    );
  });
});
