// RDAP status words → EPP status codes (RFC 8056 §2). A local copy until
// src/registration/epp-status.ts lands; merge this into it then.

const RDAP_TO_EPP: Readonly<Record<string, string>> = {
  "add period": "addPeriod",
  "auto renew period": "autoRenewPeriod",
  "client delete prohibited": "clientDeleteProhibited",
  "client hold": "clientHold",
  "client renew prohibited": "clientRenewProhibited",
  "client transfer prohibited": "clientTransferProhibited",
  "client update prohibited": "clientUpdateProhibited",
  inactive: "inactive",
  associated: "linked",
  active: "ok",
  "pending create": "pendingCreate",
  "pending delete": "pendingDelete",
  "pending renew": "pendingRenew",
  "pending restore": "pendingRestore",
  "pending transfer": "pendingTransfer",
  "pending update": "pendingUpdate",
  "redemption period": "redemptionPeriod",
  "renew period": "renewPeriod",
  "server delete prohibited": "serverDeleteProhibited",
  "server renew prohibited": "serverRenewProhibited",
  "server transfer prohibited": "serverTransferProhibited",
  "server update prohibited": "serverUpdateProhibited",
  "server hold": "serverHold",
  "transfer period": "transferPeriod",
};

/** The EPP code for an RDAP status word, or undefined when RFC 8056 has none. */
export function eppFromRdapStatus(status: string): string | undefined {
  return RDAP_TO_EPP[status.trim().toLowerCase().replace(/\s+/g, " ")];
}
