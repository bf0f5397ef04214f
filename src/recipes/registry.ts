/**
 * Every operation the layers offer, one line each: the Bubble plugin's provider actions, the commands
 * `bubble-jwt recipe <id>`, the token service's routes, the docs' tables and the tests that run "every
 * operation" are all made from this list. A new provider is its module and one line here.
 */
import type { AnyOperation } from "../inputs/index.js";
import { appleClientSecret, appleMusicKit, appleWeatherKit, appStoreConnect } from "./apple.js";
import { authjsSession } from "./authjs.js";
import { coinbaseCdp } from "./coinbase.js";
import { docusignAccessToken } from "./exchanges/docusign.js";
import { githubInstallationToken } from "./exchanges/github.js";
import { googleAccessToken } from "./exchanges/google.js";
import { salesforceAccessToken } from "./exchanges/salesforce.js";
import { firebaseCustomToken } from "./firebase.js";
import { ghostAdmin } from "./ghost.js";
import { githubApp } from "./github.js";
import { googleSelfSigned } from "./google.js";
import { decryptJwtOperation, encryptJwtOperation } from "./jwe.js";
import { metabaseEmbed } from "./metabase.js";
import { muxPlayback } from "./mux.js";
import { SIGN_IN_VERIFIER } from "./sign-in/index.js";
import { snowflakeKeypair } from "./snowflake.js";
import { streamUserToken } from "./stream.js";
import { supabaseUserToken } from "./supabase.js";
import { tableauConnectedApp } from "./tableau.js";
import { twilioAccessToken } from "./twilio.js";
import { zoomMeetingSdk, zoomVideoSdk } from "./zoom.js";

export const OPERATIONS: readonly AnyOperation[] = Object.freeze([
  googleSelfSigned,
  firebaseCustomToken,
  appleClientSecret,
  appStoreConnect,
  appleMusicKit,
  appleWeatherKit,
  ghostAdmin,
  metabaseEmbed,
  zoomMeetingSdk,
  zoomVideoSdk,
  twilioAccessToken,
  muxPlayback,
  githubApp,
  snowflakeKeypair,
  supabaseUserToken,
  coinbaseCdp,
  streamUserToken,
  tableauConnectedApp,
  encryptJwtOperation,
  authjsSession,
  googleAccessToken,
  docusignAccessToken,
  salesforceAccessToken,
  githubInstallationToken,
  SIGN_IN_VERIFIER,
  decryptJwtOperation,
] as AnyOperation[]);
