/**
 * The engine as published: the built dist/ (npm run bench builds it first), typed by the sources.
 * The path is a variable so that type checking does not need a build.
 */
import type * as Engine from "../../src/jwt/index.js";

const builtEngine = new URL("../../dist/jwt/index.js", import.meta.url).href;

export const engine = (await import(builtEngine)) as typeof Engine;

import type * as JwtIds from "../../src/server/lib/jwt-id.js";

const builtJwtIds = new URL("../../dist/server/lib/jwt-id.js", import.meta.url).href;

/** The service's `jti` maker, so that every server benchmarked signs the same claims the same way. */
export const { newJwtId } = (await import(builtJwtIds)) as typeof JwtIds;
