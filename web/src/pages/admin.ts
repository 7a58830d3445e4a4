import { api, currentSession } from "../api.js";
import { h, replace } from "../dom.js";
import { failure, fill } from "../parts/status.js";
import type { ApiKeyInfo, AuditEntryView, UserInfo } from "../types.js";
import { isoFromSeconds } from "../../../src/util/time.js";

// The admin page: users (add, change role, disable, remove), API keys (create one,
// shown once; revoke) and the audit log. The server refuses these routes to anyone
// but an admin; the page says so too rather than showing empty tables.

const at = (v: number | string | undefined): string =>
  v === undefined ? "—" : typeof v === "number" ? isoFromSeconds(v) : v;

function usersSection(): HTMLElement {
  const box = h("div");
  const error = h("div");
  const reload = (): void => {
    fill(box, api<{ users: UserInfo[] }>("/users"), ({ users }) =>
      h(
        "table",
        { "aria-label": "users" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            ...["User", "Role", "Created", "State", ""].map((c) => h("th", { scope: "col" }, c)),
          ),
        ),
        h(
          "tbody",
          null,
          ...users.map((u) => {
            const role = h(
              "select",
              {
                "aria-label": `role of ${u.name}`,
                onchange: (e) => patch(u.name, { role: (e.target as HTMLSelectElement).value }),
              },
              ...["reader", "analyst", "admin"].map((r) =>
                h("option", { value: r, selected: r === u.role }, r),
              ),
            );
            return h(
              "tr",
              null,
              h("td", { class: "data" }, u.name),
              h("td", null, role),
              h("td", null, at(u.createdAt)),
              h("td", null, u.disabled ? "disabled" : "active"),
              h(
                "td",
                null,
                h(
                  "button",
                  { type: "button", onclick: () => patch(u.name, { disabled: !u.disabled }) },
                  u.disabled ? "Enable" : "Disable",
                ),
                " ",
                h(
                  "button",
                  {
                    type: "button",
                    onclick: () => {
                      if (confirm(`Remove user ${u.name}?`))
                        api(`/users/${encodeURIComponent(u.name)}`, { method: "DELETE" }).then(
                          reload,
                          show,
                        );
                    },
                  },
                  "Remove",
                ),
              ),
            );
          }),
        ),
      ),
    );
  };
  const show = (e: unknown): void => replace(error, failure(e));
  const patch = (name: string, body: Record<string, unknown>): void => {
    replace(error);
    api(`/users/${encodeURIComponent(name)}`, { method: "PATCH", body }).then(reload, show);
  };
  const name = h("input", { id: "u-name", required: true, autocomplete: "off" });
  const password = h("input", {
    id: "u-password",
    type: "password",
    required: true,
    autocomplete: "new-password",
  });
  const role = h(
    "select",
    { id: "u-role" },
    ...["reader", "analyst", "admin"].map((r) => h("option", { value: r }, r)),
  );
  const form = h(
    "form",
    {
      class: "filters",
      "aria-label": "add a user",
      onsubmit: (e) => {
        e.preventDefault();
        replace(error);
        api("/users", {
          method: "POST",
          body: { name: name.value.trim(), role: role.value, password: password.value },
        }).then(() => {
          name.value = "";
          password.value = "";
          reload();
        }, show);
      },
    },
    h("label", { for: "u-name" }, "User"),
    name,
    h("label", { for: "u-password" }, "Password"),
    password,
    h("label", { for: "u-role" }, "Role"),
    role,
    h("button", { type: "submit" }, "Add user"),
  );
  reload();
  return h(
    "section",
    { "aria-labelledby": "users-title" },
    h("h2", { id: "users-title" }, "Users"),
    form,
    error,
    box,
  );
}

function keysSection(): HTMLElement {
  const box = h("div");
  const made = h("div", { role: "status" });
  const reload = (): void => {
    fill(box, api<{ keys: ApiKeyInfo[] }>("/apikeys"), ({ keys }) =>
      h(
        "table",
        { "aria-label": "API keys" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            ...["Id", "Name", "Role", "User", "Created", "Revoked", ""].map((c) =>
              h("th", { scope: "col" }, c),
            ),
          ),
        ),
        h(
          "tbody",
          null,
          ...keys.map((k) =>
            h(
              "tr",
              null,
              h("td", { class: "data" }, k.id),
              h("td", { class: "data" }, k.name),
              h("td", null, k.role),
              h("td", null, k.user ?? "—"),
              h("td", null, at(k.createdAt)),
              h("td", null, at(k.revokedAt)),
              h(
                "td",
                null,
                k.revokedAt === undefined
                  ? h(
                      "button",
                      {
                        type: "button",
                        onclick: () =>
                          api(`/apikeys/${encodeURIComponent(k.id)}`, { method: "DELETE" }).then(
                            reload,
                            (e: unknown) => replace(made, failure(e)),
                          ),
                      },
                      "Revoke",
                    )
                  : null,
              ),
            ),
          ),
        ),
      ),
    );
  };
  const name = h("input", { id: "k-name", required: true });
  const role = h(
    "select",
    { id: "k-role" },
    h("option", { value: "read" }, "read"),
    h("option", { value: "admin" }, "admin"),
  );
  const form = h(
    "form",
    {
      class: "filters",
      "aria-label": "create an API key",
      onsubmit: (e) => {
        e.preventDefault();
        api<{ key: string; id: string }>("/apikeys", {
          method: "POST",
          body: { name: name.value.trim(), role: role.value, user: currentSession()?.user },
        }).then(
          (k) => {
            replace(
              made,
              h("p", null, "The new key, shown this once: ", h("code", { class: "data" }, k.key)),
            );
            reload();
          },
          (err: unknown) => replace(made, failure(err)),
        );
      },
    },
    h("label", { for: "k-name" }, "Key name"),
    name,
    h("label", { for: "k-role" }, "Role"),
    role,
    h("button", { type: "submit" }, "Create key"),
  );
  reload();
  return h(
    "section",
    { "aria-labelledby": "keys-title" },
    h("h2", { id: "keys-title" }, "API keys"),
    form,
    made,
    box,
  );
}

function auditSection(cursor: string | undefined): HTMLElement {
  const box = h("div");
  const q = new URLSearchParams({ limit: "100" });
  if (cursor) q.set("cursor", cursor);
  fill(box, api<{ entries: AuditEntryView[]; next?: string }>(`/audit?${q}`), (p) => [
    h(
      "table",
      { "aria-label": "audit log" },
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          ...["At", "Who", "Action", "Target", "Outcome", "Detail"].map((c) =>
            h("th", { scope: "col" }, c),
          ),
        ),
      ),
      h(
        "tbody",
        null,
        ...p.entries.map((e) =>
          h(
            "tr",
            null,
            h("td", null, new Date(e.at).toISOString()),
            h("td", { class: "data" }, e.actor),
            h("td", null, e.action),
            h("td", { class: "data" }, e.target ?? ""),
            h("td", null, e.outcome),
            h("td", { class: "data" }, e.detail ?? ""),
          ),
        ),
      ),
    ),
    p.next
      ? h("a", { href: `#/admin?audit=${encodeURIComponent(p.next)}` }, "Older entries")
      : h("span"),
  ]);
  return h(
    "section",
    { "aria-labelledby": "audit-title" },
    h("h2", { id: "audit-title" }, "Audit log"),
    box,
  );
}

export function adminPage(params: URLSearchParams): HTMLElement {
  // Anyone else is shown the server's own refusal (403), not a page the UI withheld.
  if (currentSession()?.role !== "admin")
    return h(
      "section",
      { "aria-labelledby": "admin-title" },
      h("h1", { id: "admin-title" }, "Admin"),
      fill(h("div", { id: "admin-refused" }), api("/users"), () =>
        h("p", { class: "error" }, "The server showed the users to a non-admin."),
      ),
    );
  return h(
    "section",
    { "aria-labelledby": "admin-title" },
    h("h1", { id: "admin-title" }, "Admin"),
    usersSection(),
    keysSection(),
    auditSection(params.get("audit") ?? undefined),
  );
}
