import { api, ApiError, setSession, type Session } from "../api.js";
import { h } from "../dom.js";

// The login form: a user name and password, posted to /api/v1/session; the server
// sets the HttpOnly session cookie and answers with the CSRF token to send back.

export function loginPage(onLogin: () => void): HTMLElement {
  const error = h("p", { class: "error", role: "alert" });
  const user = h("input", {
    id: "login-user",
    name: "user",
    autocomplete: "username",
    required: true,
  });
  const password = h("input", {
    id: "login-password",
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    error.textContent = "";
    try {
      const s = await api<Session>("/session", {
        method: "POST",
        body: { user: user.value, password: password.value },
      });
      setSession(s);
      onLogin();
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : "the server cannot be reached";
      password.value = "";
      password.focus();
    }
  };
  return h(
    "section",
    { "aria-labelledby": "login-title" },
    h("h1", { id: "login-title" }, "Sign in"),
    h(
      "form",
      { class: "stack", onsubmit: (e) => void submit(e) },
      h("label", { for: "login-user" }, "User"),
      user,
      h("label", { for: "login-password" }, "Password"),
      password,
      h("button", { type: "submit" }, "Sign in"),
      error,
    ),
  );
}
