// Shared by every page: the API helper that sends the CSRF token, login and logout.
// Data from the server is put in the page with textContent only, never innerHTML.
"use strict";

const ProtestWatch = (() => {
  const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

  // Call the JSON API; resolves to the parsed body, rejects with an Error carrying the API's message.
  async function api(method, url, body) {
    const options = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
    if (method !== "GET") options.headers["X-CSRF-Token"] = csrfToken();
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(url, options);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(data.error || `${response.status} ${response.statusText}`);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  // Create an element with text content and attributes (never HTML).
  function element(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    return node;
  }

  const eventUrl = (id) => "/events/" + encodeURIComponent(id);
  const apiEventUrl = (id) => "/api/events/" + encodeURIComponent(id);

  // True when a keystroke is meant for a text field, so page shortcuts stay out of its way.
  const typing = (event) => /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;

  function setupLogin() {
    const form = document.getElementById("login-form");
    if (!form) return;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const message = document.getElementById("login-error");
      message.textContent = "";
      try {
        await api("POST", "/api/login", { name: form.elements.name.value, password: form.elements.password.value });
        const next = form.dataset.next || "/";
        window.location.assign(next.startsWith("/") && !next.startsWith("//") ? next : "/");
      } catch (error) {
        message.textContent = error.message;
      }
    });
  }

  function setupLogout() {
    const button = document.getElementById("logout");
    if (!button) return;
    button.addEventListener("click", async () => {
      await api("POST", "/api/logout").catch(() => undefined);
      window.location.assign("/");
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    setupLogin();
    setupLogout();
  });

  return { api, element, eventUrl, apiEventUrl, typing, csrfToken };
})();
