/**
 * Every operation the layers offer, one line each: the Bubble plugin's provider actions, the commands
 * `bubble-jwt recipe <id>`, the token service's routes, the docs' tables and the tests that run "every
 * operation" are all made from this list. A new provider is its module and one line here.
 */
import type { AnyOperation } from "../inputs/index.js";
import { ablyToken } from "./ably-token.js";
import { appleClientSecret, appleMusicKit, appleWeatherKit, appStoreConnect } from "./apple.js";
import { authjsSession } from "./authjs.js";
import { cannySso } from "./canny-sso.js";
import { clientAssertion } from "./client-assertion.js";
import { cloudflareStreamToken } from "./cloudflare-stream-token.js";
import { coinbaseCdp } from "./coinbase.js";
import { dailyMeetingToken } from "./daily-meeting-token.js";
import { boxAccessToken } from "./exchanges/box.js";
import { clientCredentialsToken } from "./exchanges/client-credentials-token.js";
import { docusignAccessToken } from "./exchanges/docusign.js";
import { githubInstallationToken } from "./exchanges/github-installation-token.js";
import { googleAccessToken } from "./exchanges/google-access-token.js";
import { salesforceAccessToken } from "./exchanges/salesforce.js";
import { featurebaseSso } from "./featurebase-sso.js";
import { firebaseCustomToken } from "./firebase.js";
import { frillSso } from "./frill-sso.js";
import { ghostAdmin } from "./ghost.js";
import { githubApp } from "./github-app.js";
import { googleSelfSigned } from "./google-self-signed.js";
import { googleWalletSave } from "./google-wallet-save.js";
import { intercomMessenger } from "./intercom-messenger.js";
import { jaasToken } from "./jaas-token.js";
import { decryptJwtOperation, encryptJwtOperation } from "./jwe.js";
import { knockUserToken } from "./knock-user-token.js";
import { livekitToken } from "./livekit-token.js";
import { metabaseEmbed } from "./metabase.js";
import { muxPlayback } from "./mux.js";
import { onesignalIdentity } from "./onesignal-identity.js";
import { pusherBeamsToken } from "./pusher-beams-token.js";
import { appleAppStore } from "./sign-in/apple-app-store.js";
import { googlePubsub } from "./sign-in/google-pubsub.js";
import { SIGN_IN_VERIFIER } from "./sign-in/index.js";
import { shopifySession } from "./sign-in/shopify-session.js";
import { snowflakeKeypair } from "./snowflake.js";
import { streamUserToken } from "./stream.js";
import { supabaseUserToken } from "./supabase.js";
import { tableauConnectedApp } from "./tableau.js";
import { talkjsToken } from "./talkjs-token.js";
import { twilioAccessToken } from "./twilio.js";
import { vonageAppJwt } from "./vonage-app-jwt.js";
import { zendeskMessaging } from "./zendesk-messaging.js";
import { zendeskSso } from "./zendesk-sso.js";
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
  livekitToken,
  zendeskMessaging,
  zendeskSso,
  intercomMessenger,
  jaasToken,
  dailyMeetingToken,
  cannySso,
  frillSso,
  featurebaseSso,
  cloudflareStreamToken,
  googleWalletSave,
  knockUserToken,
  onesignalIdentity,
  talkjsToken,
  ablyToken,
  pusherBeamsToken,
  vonageAppJwt,
  clientAssertion,
  encryptJwtOperation,
  authjsSession,
  googleAccessToken,
  docusignAccessToken,
  salesforceAccessToken,
  githubInstallationToken,
  boxAccessToken,
  clientCredentialsToken,
  SIGN_IN_VERIFIER,
  appleAppStore,
  googlePubsub,
  shopifySession,
  decryptJwtOperation,
] as AnyOperation[]);
