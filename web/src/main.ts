import { api, ApiError, currentSession, setSession, type Session } from "./api.js";
import { h, replace } from "./dom.js";
import { adminPage } from "./pages/admin.js";
import { alertsPage } from "./pages/alerts.js";
import { asnPage } from "./pages/asn.js";
import { domainPage } from "./pages/domain.js";
import { graphPage } from "./pages/graph.js";
import { ipPage } from "./pages/ip.js";
import { loginPage } from "./pages/login.js";
import { searchPage } from "./pages/search.js";
import { watchlistPage } from "./pages/watchlist.js";

// The UI's shell: who is signed in (GET /api/v1/session), the pages by the URL's
// hash (#/domain/example.com?tab=pdns), the navigation, and sign-out. No page is
// reachable without a session; each page asks the API for its own data.

const main = document.getElementById("main") as HTMLElement;
const nav = document.getElementById("nav") as HTMLElement;

const PAGES: Array<{ path: string; label: string }> = [
  { path: "/search", label: "Search" },
  { path: "/alerts", label: "Alerts" },
  { path: "/graph", label: "Pivot graph" },
  { path: "/watchlist", label: "Watchlist" },
  { path: "/admin", label: "Admin" },
];

function page(path: string, rest: string, params: URLSearchParams): HTMLElement {
  switch (path) {
    case "/domain":
      return domainPage(rest, params.get("tab") ?? "pdns");
    case "/ip":
      return ipPage(rest);
    case "/asn":
      // A hand-typed hash that is no AS number goes to the search box, which says why.
      return /^(as)?\d{1,10}$/i.test(rest)
        ? asnPage(Number(rest.replace(/^as/i, "")))
        : searchPage(rest);
    case "/alerts":
      return alertsPage(params);
    case "/graph":
      return graphPage(params.get("seed") ?? "");
    case "/watchlist":
      return watchlistPage();
    case "/admin":
      return adminPage(params);
    default:
      return searchPage(params.get("q") ?? "");
  }
}

function route(): void {
  const session = currentSession();
  if (!session) {
    replace(nav);
    replace(
      main,
      loginPage(() => (location.hash === "#/search" ? route() : (location.hash = "#/search"))),
    );
    return;
  }
  const hash = location.hash.replace(/^#/, "");
  const q = hash.indexOf("?");
  const where = q < 0 ? hash : hash.slice(0, q);
  const query = q < 0 ? "" : hash.slice(q + 1);
  // "/domain/example.com" → "/domain" and "example.com".
  const slash = where.indexOf("/", 1);
  const path = slash < 0 ? where : where.slice(0, slash);
  const rest = slash < 0 ? "" : decodeURIComponent(where.slice(slash + 1));
  replace(
    nav,
    ...PAGES.map((p) =>
      h("a", { href: `#${p.path}`, "aria-current": p.path === path ? "page" : undefined }, p.label),
    ),
    h("span", { class: "muted" }, `${session.user} (${session.role})`),
    h("button", { type: "button", onclick: () => void signOut() }, "Sign out"),
  );
  replace(main, page(path, rest, new URLSearchParams(query)));
  main.focus();
}

async function signOut(): Promise<void> {
  await api("/session", { method: "DELETE" }).catch(() => undefined);
  setSession(undefined);
  route();
}

async function start(): Promise<void> {
  try {
    setSession(await api<Session>("/session"));
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
  addEventListener("hashchange", route);
  route();
}

void start();
