import {
  createRemoteKeySet,
  importKeySet,
  importSecret,
  JwtError,
  type JwtKey,
  JwtKeySet,
  type RemoteKeySet,
  type SecretEncoding,
} from "../../jwt/index.js";

export interface VerifyKeySources {
  secret?: string | undefined;
  previousSecret?: string | undefined;
  publicKeys?: string | undefined;
  jwksUrl?: string | undefined;
  secretEncoding?: SecretEncoding | undefined;
  /** The token's `kid`: an unknown one makes the JWKS URL be fetched again (after a cooldown). */
  kid?: unknown;
}

export interface VerifyKeys {
  keySet: JwtKeySet;
  current: JwtKey | undefined;
  previous: JwtKey | undefined;
}

/** Every key a Verify may use, in the order they are tried: current secret, previous secret, public keys. */
export async function gatherVerifyKeys(sources: VerifyKeySources): Promise<VerifyKeys> {
  // A secret serves every HS algorithm; its length is checked against the token's hash when verifying.
  const secretOptions = { secretEncoding: sources.secretEncoding };
  const current = sources.secret === undefined ? undefined : importSecret(sources.secret, secretOptions);
  const previous =
    sources.previousSecret === undefined ? undefined : importSecret(sources.previousSecret, secretOptions);
  const keys: JwtKey[] = [];
  if (current !== undefined) keys.push(current);
  if (previous !== undefined) keys.push(previous);
  if (sources.publicKeys !== undefined) keys.push(...importKeySet(sources.publicKeys).keys);
  if (sources.jwksUrl !== undefined) {
    keys.push(...(await remoteKeySet(sources.jwksUrl.trim()).getKeySet(sources.kid)).keys);
  }
  if (keys.length === 0) {
    throw new JwtError(
      "ERR_KEY_MISSING",
      "No key to verify with: fill in the plugin key JWT_SECRET (Plugins tab), or the action's Secret, Public key or JWKS, or JWKS URL.",
    );
  }
  return { keySet: new JwtKeySet(keys), current, previous };
}

// One cache per URL for the life of the process (Bubble reuses a warm action's process).
const MAX_REMOTE_SETS = 20;
const remoteSets = new Map<string, RemoteKeySet>();

function remoteKeySet(url: string): RemoteKeySet {
  let remote = remoteSets.get(url);
  if (remote === undefined) {
    remote = createRemoteKeySet(url, { timeoutMs: 5000 });
    if (remoteSets.size >= MAX_REMOTE_SETS) remoteSets.delete(remoteSets.keys().next().value as string);
    remoteSets.set(url, remote);
  }
  return remote;
}
