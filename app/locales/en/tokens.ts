import type { Translation } from "../types";
import type ja from "../ja/tokens";

/** English: API tokens for IVR/CTI integrations (admin). Must have exactly the keys of ja/tokens.ts. */
const tokens: Translation<typeof ja> = {
  title: "API tokens",
  intro: "Tokens let outside systems such as an IVR or CTI call /api/v1. A token is shown once, when it is created; the server keeps only its hash. See docs/api.md for how to use them.",
  name: "Name",
  namePlaceholder: "e.g. IVR production",
  prefix: "Starts with",
  scopes: "Scopes",
  scope: {
    lookups: "lookups (affected-customer lookup)",
    calls: "calls (call records)",
    contacts: "contacts (contact log)",
  },
  createdAt: "Created",
  createdBy: "Created by",
  lastUsed: "Last used",
  never: "never",
  status: "Status",
  active: "Active",
  revoked: "Revoked",
  revokedAt: "Revoked {{when}}",
  actions: "Actions",
  create: "Create token",
  revoke: "Revoke",
  revokeConfirm: "Revoke this token? Calls from systems using it will be refused at once.",
  none: "No tokens yet.",
  created: "Token “{{name}}” created. This value is shown only now: copy it to a safe place at once.",
  revokedDone: "Token “{{name}}” revoked.",
  errors: {
    name: "Enter a name (at most 100 characters).",
    scopes: "Choose at least one scope.",
    invalid: "This could not be done. Reload the page and try again.",
  },
};

export default tokens;
