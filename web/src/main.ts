import { api, ApiError, currentSession, setSession, type Session } from "./api.js";
import { h, replace } from "./dom.js";
import { loginPage } from "./pages/login.js";
import { searchPage } from "./pages/search.js";

// The UI's shell: who is signed in (GET /api/v1/session), the pages by the URL's
// hash (#/search?q=…), and sign-out. No page is reachable without a session.

const main = document.getElementById("main") as HTMLElement;
const nav = document.getElementById("nav") as HTMLElement;

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
  replace(
    nav,
    h("span", { class: "muted" }, `${session.user} (${session.role})`),
    h("button", { type: "button", onclick: () => void signOut() }, "Sign out"),
  );
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?", 2);
  const params = new URLSearchParams(query);
  switch (path) {
    case "/search":
    default:
      replace(main, searchPage(params.get("q") ?? "", params.get("cursor") ?? undefined));
  }
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
