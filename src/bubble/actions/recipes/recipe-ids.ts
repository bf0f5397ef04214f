/**
 * The Bubble IDs of the recipe actions: data, written once and never derived from any list's order, so
 * that adding a recipe, an input or an output never renumbers another. Action IDs continue the plugin's
 * AAx series; a recipe's fields are B<recipe letter><field letter>, its return values
 * C<recipe letter><letter>; plugin keys continue the ABx series. A new input or output gets a new,
 * unused letter here; a test fails until every input, output and fallback key has one, and when any
 * ID is used twice in the plugin. IDs never change once released.
 *
 * The token exchanges and "Verify sign-in token" (issue 10) follow the same table. The AAx series ends
 * at AAZ and the keys took ABA-ABV, so the actions after AAZ take the next free codes, ABW-ABY. Their
 * fields and returns continue the recipe letters (S-W); the two advanced fields are always X
 * (endpoints) and Y (ca_certificate), and Stop the workflow on error is Z.
 */
import type { RecipeActionIds } from "../../recipe-action.js";

/** Google: self-signed JWT (google-self-signed). */
export const GOOGLE_SELF_SIGNED_IDS = {
  action: "AAG",
  fields: {
    service_account_json: "BAA",
    audience: "BAB",
    scopes: "BAC",
    lifetime_minutes: "BAD",
    stop_on_error: "BAZ",
  },
  returns: {
    token: "CAA",
    expires_at: "CAB",
    authorization_header: "CAC",
    warnings: "CAD",
    ok: "CAE",
    error: "CAF",
    error_code: "CAG",
  },
} as const satisfies RecipeActionIds;

/** Firebase: custom token (firebase-custom-token). */
export const FIREBASE_CUSTOM_TOKEN_IDS = {
  action: "AAH",
  fields: {
    service_account_json: "BBA",
    uid: "BBB",
    claims_json: "BBC",
    tenant_id: "BBD",
    stop_on_error: "BBZ",
  },
  returns: {
    token: "CBA",
    expires_at: "CBB",
    warnings: "CBC",
    ok: "CBD",
    error: "CBE",
    error_code: "CBF",
  },
} as const satisfies RecipeActionIds;

/** Apple: Sign in with Apple client secret (apple-client-secret). */
export const APPLE_CLIENT_SECRET_IDS = {
  action: "AAI",
  fields: {
    team_id: "BCA",
    client_id: "BCB",
    key_id: "BCC",
    private_key: "BCD",
    lifetime_days: "BCE",
    stop_on_error: "BCZ",
  },
  returns: {
    token: "CCA",
    expires_at: "CCB",
    warnings: "CCC",
    ok: "CCD",
    error: "CCE",
    error_code: "CCF",
  },
} as const satisfies RecipeActionIds;

/** Apple: App Store Connect API token (app-store-connect). */
export const APP_STORE_CONNECT_IDS = {
  action: "AAJ",
  fields: {
    issuer_id: "BDA",
    key_id: "BDB",
    private_key: "BDC",
    lifetime_minutes: "BDD",
    scope: "BDE",
    stop_on_error: "BDZ",
  },
  returns: {
    token: "CDA",
    expires_at: "CDB",
    authorization_header: "CDC",
    warnings: "CDD",
    ok: "CDE",
    error: "CDF",
    error_code: "CDG",
  },
} as const satisfies RecipeActionIds;

/** Apple: MusicKit developer token (apple-musickit). */
export const APPLE_MUSICKIT_IDS = {
  action: "AAK",
  fields: {
    team_id: "BEA",
    key_id: "BEB",
    private_key: "BEC",
    lifetime_days: "BED",
    origins: "BEE",
    stop_on_error: "BEZ",
  },
  returns: {
    token: "CEA",
    expires_at: "CEB",
    authorization_header: "CEC",
    warnings: "CED",
    ok: "CEE",
    error: "CEF",
    error_code: "CEG",
  },
} as const satisfies RecipeActionIds;

/** Apple: WeatherKit token (apple-weatherkit). */
export const APPLE_WEATHERKIT_IDS = {
  action: "AAL",
  fields: {
    team_id: "BFA",
    service_id: "BFB",
    key_id: "BFC",
    private_key: "BFD",
    lifetime_minutes: "BFE",
    stop_on_error: "BFZ",
  },
  returns: {
    token: "CFA",
    expires_at: "CFB",
    authorization_header: "CFC",
    warnings: "CFD",
    ok: "CFE",
    error: "CFF",
    error_code: "CFG",
  },
} as const satisfies RecipeActionIds;

/** Ghost: Admin API token (ghost-admin). */
export const GHOST_ADMIN_IDS = {
  action: "AAM",
  fields: {
    admin_api_key: "BGA",
    stop_on_error: "BGZ",
  },
  returns: {
    token: "CGA",
    expires_at: "CGB",
    authorization_header: "CGC",
    warnings: "CGD",
    ok: "CGE",
    error: "CGF",
    error_code: "CGG",
  },
} as const satisfies RecipeActionIds;

/** Metabase: signed embed URL (metabase-embed). */
export const METABASE_EMBED_IDS = {
  action: "AAN",
  fields: {
    site_url: "BHA",
    secret_key: "BHB",
    resource_type: "BHC",
    resource_id: "BHD",
    params_json: "BHE",
    lifetime_minutes: "BHF",
    bordered: "BHG",
    titled: "BHH",
    theme: "BHI",
    stop_on_error: "BHZ",
  },
  returns: {
    token: "CHA",
    expires_at: "CHB",
    embed_url: "CHC",
    warnings: "CHD",
    ok: "CHE",
    error: "CHF",
    error_code: "CHG",
  },
} as const satisfies RecipeActionIds;

/** Zoom: Meeting SDK signature (zoom-meeting-sdk). */
export const ZOOM_MEETING_SDK_IDS = {
  action: "AAO",
  fields: {
    sdk_key: "BIA",
    sdk_secret: "BIB",
    meeting_number: "BIC",
    role: "BID",
    lifetime_minutes: "BIE",
    stop_on_error: "BIZ",
  },
  returns: {
    token: "CIA",
    expires_at: "CIB",
    warnings: "CIC",
    ok: "CID",
    error: "CIE",
    error_code: "CIF",
  },
} as const satisfies RecipeActionIds;

/** Zoom: Video SDK token (zoom-video-sdk). */
export const ZOOM_VIDEO_SDK_IDS = {
  action: "AAP",
  fields: {
    sdk_key: "BJA",
    sdk_secret: "BJB",
    session_name: "BJC",
    role_type: "BJD",
    user_identity: "BJE",
    session_key: "BJF",
    lifetime_minutes: "BJG",
    stop_on_error: "BJZ",
  },
  returns: {
    token: "CJA",
    expires_at: "CJB",
    warnings: "CJC",
    ok: "CJD",
    error: "CJE",
    error_code: "CJF",
  },
} as const satisfies RecipeActionIds;

/** Twilio: access token (twilio-access-token). */
export const TWILIO_ACCESS_TOKEN_IDS = {
  action: "AAQ",
  fields: {
    account_sid: "BKA",
    api_key_sid: "BKB",
    api_key_secret: "BKC",
    identity: "BKD",
    video_room: "BKE",
    chat_service_sid: "BKF",
    voice_outgoing_application_sid: "BKG",
    voice_incoming_allow: "BKH",
    sync_service_sid: "BKI",
    region: "BKJ",
    lifetime_minutes: "BKK",
    stop_on_error: "BKZ",
  },
  returns: {
    token: "CKA",
    expires_at: "CKB",
    warnings: "CKC",
    ok: "CKD",
    error: "CKE",
    error_code: "CKF",
  },
} as const satisfies RecipeActionIds;

/** Mux: signed playback token (mux-playback). */
export const MUX_PLAYBACK_IDS = {
  action: "AAR",
  fields: {
    signing_key_id: "BLA",
    signing_private_key: "BLB",
    playback_id: "BLC",
    type: "BLD",
    params_json: "BLE",
    lifetime_minutes: "BLF",
    stop_on_error: "BLZ",
  },
  returns: {
    token: "CLA",
    expires_at: "CLB",
    url: "CLC",
    warnings: "CLD",
    ok: "CLE",
    error: "CLF",
    error_code: "CLG",
  },
} as const satisfies RecipeActionIds;

/** GitHub: App JWT (github-app). */
export const GITHUB_APP_IDS = {
  action: "AAS",
  fields: {
    app_id: "BMA",
    private_key: "BMB",
    stop_on_error: "BMZ",
  },
  returns: {
    token: "CMA",
    expires_at: "CMB",
    authorization_header: "CMC",
    warnings: "CMD",
    ok: "CME",
    error: "CMF",
    error_code: "CMG",
  },
} as const satisfies RecipeActionIds;

/** Snowflake: key-pair JWT (snowflake-keypair). */
export const SNOWFLAKE_KEYPAIR_IDS = {
  action: "AAT",
  fields: {
    account: "BNA",
    user: "BNB",
    private_key: "BNC",
    passphrase: "BND",
    lifetime_minutes: "BNE",
    stop_on_error: "BNZ",
  },
  returns: {
    token: "CNA",
    expires_at: "CNB",
    public_key_fingerprint: "CNC",
    authorization_header: "CND",
    warnings: "CNE",
    ok: "CNF",
    error: "CNG",
    error_code: "CNH",
  },
} as const satisfies RecipeActionIds;

/** Supabase: user token (supabase-user-token). */
export const SUPABASE_USER_TOKEN_IDS = {
  action: "AAU",
  fields: {
    jwt_secret: "BOA",
    user_id: "BOB",
    role: "BOC",
    email: "BOD",
    project_ref: "BOE",
    claims_json: "BOF",
    lifetime_minutes: "BOG",
    signing_key: "BOH",
    key_id: "BOI",
    stop_on_error: "BOZ",
  },
  returns: {
    token: "COA",
    expires_at: "COB",
    authorization_header: "COC",
    warnings: "COD",
    ok: "COE",
    error: "COF",
    error_code: "COG",
  },
} as const satisfies RecipeActionIds;

/** Coinbase: API key JWT (coinbase-cdp). */
export const COINBASE_CDP_IDS = {
  action: "AAV",
  fields: {
    key_name: "BPA",
    private_key: "BPB",
    request_method: "BPC",
    request_host: "BPD",
    request_path: "BPE",
    stop_on_error: "BPZ",
  },
  returns: {
    token: "CPA",
    expires_at: "CPB",
    authorization_header: "CPC",
    warnings: "CPD",
    ok: "CPE",
    error: "CPF",
    error_code: "CPG",
  },
} as const satisfies RecipeActionIds;

/** Stream: user token (stream-user-token). */
export const STREAM_USER_TOKEN_IDS = {
  action: "AAW",
  fields: {
    api_secret: "BQA",
    user_id: "BQB",
    lifetime_minutes: "BQC",
    stop_on_error: "BQZ",
  },
  returns: {
    token: "CQA",
    expires_at: "CQB",
    warnings: "CQC",
    ok: "CQD",
    error: "CQE",
    error_code: "CQF",
  },
} as const satisfies RecipeActionIds;

/** Tableau: connected app token (tableau-connected-app). */
export const TABLEAU_CONNECTED_APP_IDS = {
  action: "AAX",
  fields: {
    client_id: "BRA",
    secret_id: "BRB",
    secret_value: "BRC",
    username: "BRD",
    scopes: "BRE",
    attributes_json: "BRF",
    lifetime_minutes: "BRG",
    stop_on_error: "BRZ",
  },
  returns: {
    token: "CRA",
    expires_at: "CRB",
    warnings: "CRC",
    ok: "CRD",
    error: "CRE",
    error_code: "CRF",
  },
} as const satisfies RecipeActionIds;

/** Google: access token (google-access-token, an exchange). */
export const GOOGLE_ACCESS_TOKEN_IDS = {
  action: "AAY",
  fields: {
    service_account_json: "BSA",
    scopes: "BSB",
    subject: "BSC",
    target_audience: "BSD",
    endpoints: "BSX",
    ca_certificate: "BSY",
    stop_on_error: "BSZ",
  },
  returns: {
    access_token: "CSA",
    id_token: "CSB",
    token_type: "CSC",
    expires_in: "CSD",
    expires_at: "CSE",
    authorization_header: "CSF",
    ok: "CSG",
    error: "CSH",
    error_code: "CSI",
  },
} as const satisfies RecipeActionIds;

/** DocuSign: access token (docusign-access-token, an exchange). */
export const DOCUSIGN_ACCESS_TOKEN_IDS = {
  action: "AAZ",
  fields: {
    integration_key: "BTA",
    user_id: "BTB",
    private_key: "BTC",
    environment: "BTD",
    scopes: "BTE",
    redirect_uri: "BTF",
    endpoints: "BTX",
    ca_certificate: "BTY",
    stop_on_error: "BTZ",
  },
  returns: {
    access_token: "CTA",
    expires_at: "CTB",
    authorization_header: "CTC",
    consent_url: "CTD",
    ok: "CTE",
    error: "CTF",
    error_code: "CTG",
  },
} as const satisfies RecipeActionIds;

/** Salesforce: access token (salesforce-access-token, an exchange). */
export const SALESFORCE_ACCESS_TOKEN_IDS = {
  action: "ABW",
  fields: {
    consumer_key: "BUA",
    username: "BUB",
    private_key: "BUC",
    login_url: "BUD",
    endpoints: "BUX",
    ca_certificate: "BUY",
    stop_on_error: "BUZ",
  },
  returns: {
    access_token: "CUA",
    instance_url: "CUB",
    authorization_header: "CUC",
    ok: "CUD",
    error: "CUE",
    error_code: "CUF",
  },
} as const satisfies RecipeActionIds;

/** GitHub: installation token (github-installation-token, an exchange). */
export const GITHUB_INSTALLATION_TOKEN_IDS = {
  action: "ABX",
  fields: {
    app_id: "BVA",
    private_key: "BVB",
    installation_id: "BVC",
    repositories: "BVD",
    permissions_json: "BVE",
    endpoints: "BVX",
    ca_certificate: "BVY",
    stop_on_error: "BVZ",
  },
  returns: {
    access_token: "CVA",
    expires_at: "CVB",
    permissions_json: "CVC",
    authorization_header: "CVD",
    ok: "CVE",
    error: "CVF",
    error_code: "CVG",
  },
} as const satisfies RecipeActionIds;

/** Verify sign-in token (verify-sign-in-token). */
export const VERIFY_SIGN_IN_TOKEN_IDS = {
  action: "ABY",
  fields: {
    token: "BWA",
    provider: "BWB",
    client_id: "BWC",
    project_id: "BWD",
    tenant: "BWE",
    domain: "BWF",
    region: "BWG",
    user_pool_id: "BWH",
    token_use: "BWI",
    frontend_api: "BWJ",
    authorized_parties: "BWK",
    project_ref: "BWL",
    nonce: "BWM",
    hosted_domain: "BWN",
    endpoints: "BWX",
    ca_certificate: "BWY",
    stop_on_error: "BWZ",
  },
  returns: {
    valid: "CWA",
    reason_code: "CWB",
    error: "CWC",
    subject: "CWD",
    email: "CWE",
    email_verified: "CWF",
    name: "CWG",
    issuer: "CWH",
    audience: "CWI",
    issued_at: "CWJ",
    expires_at: "CWK",
    claims_json: "CWL",
  },
} as const;

/** The secure plugin key of every recipe secret's fallbackKey, by caption. */
export const RECIPE_KEY_IDS: Readonly<Record<string, string>> = {
  GOOGLE_SERVICE_ACCOUNT_JSON: "ABD",
  FIREBASE_SERVICE_ACCOUNT_JSON: "ABE",
  APPLE_PRIVATE_KEY: "ABF",
  APP_STORE_CONNECT_PRIVATE_KEY: "ABG",
  GHOST_ADMIN_API_KEY: "ABH",
  METABASE_SECRET_KEY: "ABI",
  ZOOM_MEETING_SDK_SECRET: "ABJ",
  ZOOM_VIDEO_SDK_SECRET: "ABK",
  TWILIO_API_KEY_SECRET: "ABL",
  MUX_SIGNING_PRIVATE_KEY: "ABM",
  GITHUB_PRIVATE_KEY: "ABN",
  SNOWFLAKE_PRIVATE_KEY: "ABO",
  SNOWFLAKE_PASSPHRASE: "ABP",
  SUPABASE_JWT_SECRET: "ABQ",
  COINBASE_PRIVATE_KEY: "ABR",
  STREAM_API_SECRET: "ABS",
  TABLEAU_SECRET_VALUE: "ABT",
  DOCUSIGN_PRIVATE_KEY: "ABU",
  SALESFORCE_PRIVATE_KEY: "ABV",
  // ABW-ABY are actions (see above): the next free code.
  SUPABASE_SIGNING_KEY: "ABZ",
};
