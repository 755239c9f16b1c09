/** What an API token may be used for (shared by the admin page in the browser and the server). */
export const API_SCOPES = ["lookups", "calls", "contacts"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
