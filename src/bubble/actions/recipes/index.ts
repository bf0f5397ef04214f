import type { ActionDefinition } from "../../types.js";
import { appStoreConnectAction } from "./app-store-connect.js";
import { appleClientSecretAction } from "./apple-client-secret.js";
import { appleMusicKitAction } from "./apple-musickit.js";
import { appleWeatherKitAction } from "./apple-weatherkit.js";
import { coinbaseCdpAction } from "./coinbase-cdp.js";
import { firebaseCustomTokenAction } from "./firebase-custom-token.js";
import { ghostAdminAction } from "./ghost-admin.js";
import { githubAppAction } from "./github-app.js";
import { googleSelfSignedAction } from "./google-self-signed.js";
import { metabaseEmbedAction } from "./metabase-embed.js";
import { muxPlaybackAction } from "./mux-playback.js";
import { snowflakeKeypairAction } from "./snowflake-keypair.js";
import { streamUserTokenAction } from "./stream-user-token.js";
import { supabaseUserTokenAction } from "./supabase-user-token.js";
import { tableauConnectedAppAction } from "./tableau-connected-app.js";
import { twilioAccessTokenAction } from "./twilio-access-token.js";
import { zoomMeetingSdkAction } from "./zoom-meeting-sdk.js";
import { zoomVideoSdkAction } from "./zoom-video-sdk.js";

/**
 * One server-side action per provider recipe (src/recipes), in the order of RECIPES. Each module
 * declares one action, so its server.js holds that recipe alone; the build gives it its IDs from the
 * ledger (src/bubble/ids.json) by the recipe's id.
 */
export const RECIPE_ACTIONS: readonly ActionDefinition[] = [
  googleSelfSignedAction,
  firebaseCustomTokenAction,
  appleClientSecretAction,
  appStoreConnectAction,
  appleMusicKitAction,
  appleWeatherKitAction,
  ghostAdminAction,
  metabaseEmbedAction,
  zoomMeetingSdkAction,
  zoomVideoSdkAction,
  twilioAccessTokenAction,
  muxPlaybackAction,
  githubAppAction,
  snowflakeKeypairAction,
  supabaseUserTokenAction,
  coinbaseCdpAction,
  streamUserTokenAction,
  tableauConnectedAppAction,
];
