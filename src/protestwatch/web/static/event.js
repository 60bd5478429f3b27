// The event page: a coder corrects the place in place (e opens the form).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const page = document.getElementById("event");
  const form = document.getElementById("place-form");
  const button = document.getElementById("edit-place");
  if (!page || !form || !button) return;
  const eventId = page.dataset.eventId;

  const open = () => {
    form.hidden = false;
    form.elements.name.focus();
  };
  button.addEventListener("click", open);
  // The old coordinates belong to the old place: a new name clears them (the server does not geocode edits).
  form.elements.name.addEventListener("input", () => {
    form.elements.lat.value = "";
    form.elements.lon.value = "";
  });
  form.querySelector(".cancel").addEventListener("click", () => (form.hidden = true));
  document.addEventListener("keydown", (event) => {
    if (event.key === "e" && !ProtestWatch.typing(event) && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      open();
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = form.querySelector(".error");
    error.textContent = "";
    const number = (name) => (form.elements[name].value === "" ? null : Number(form.elements[name].value));
    const location = { name: form.elements.name.value.trim(), precision: "city" };
    const country = form.elements.country.value.trim().toUpperCase();
    if (country) location.country = country;
    if (number("lat") !== null) location.lat = number("lat");
    if (number("lon") !== null) location.lon = number("lon");
    try {
      await ProtestWatch.api("PATCH", ProtestWatch.apiEventUrl(eventId), { location });
      // The server renders the corrected record (and its change) as any reader will see it.
      window.location.reload();
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
});
