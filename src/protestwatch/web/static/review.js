// The review queue: j/k move, a accepts, r rejects, e corrects the place, m merges with the suggested
// duplicate, s splits a mention off. Every value from the server is shown with textContent.
"use strict";

(() => {
  const { api, element, eventUrl, apiEventUrl, typing } = ProtestWatch;
  const queue = document.getElementById("queue");
  if (!queue) return;
  const status = document.getElementById("review-status");
  let current = 0;

  const items = () => [...queue.querySelectorAll(".queue-item")];

  function select(index) {
    const all = items();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((item, position) => item.classList.toggle("selected", position === current));
    all[current].focus({ preventScroll: true });
    all[current].scrollIntoView({ block: "nearest" });
  }

  const say = (message) => (status.textContent = message);

  async function review(item, action) {
    const id = item.dataset.eventId;
    try {
      await api("POST", apiEventUrl(id) + "/" + action);
      item.classList.add("done", action === "accept" ? "accepted" : "rejected");
      item.dataset.review = action === "accept" ? "accepted" : "rejected";
      say(`${id}: ${action === "accept" ? "accepted" : "rejected"}`);
      select(items().indexOf(item) + 1);
    } catch (error) {
      say(`${id}: ${error.message}`);
    }
  }

  function editPlace(item) {
    const details = item.querySelector(".queue-details");
    details.replaceChildren();
    const form = element("form", null, { class: "inline-edit place-edit" });
    const name = element("input", null, { name: "name", required: "", maxlength: "200", placeholder: "place" });
    const country = element("input", null, { name: "country", maxlength: "2", size: "3", placeholder: "CC" });
    const lat = element("input", null, { name: "lat", type: "number", step: "any", placeholder: "lat" });
    const lon = element("input", null, { name: "lon", type: "number", step: "any", placeholder: "lon" });
    form.append(name, country, lat, lon, element("button", "Save", { type: "submit" }));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const location = { name: name.value.trim(), precision: "city" };
      if (country.value.trim()) location.country = country.value.trim().toUpperCase();
      if (lat.value !== "") location.lat = Number(lat.value);
      if (lon.value !== "") location.lon = Number(lon.value);
      try {
        await api("PATCH", apiEventUrl(item.dataset.eventId), { location });
        item.querySelector(".queue-head a").textContent = [location.name, location.country].filter(Boolean).join(", ");
        details.replaceChildren(element("span", "Place saved.", { class: "meta" }));
        say(`${item.dataset.eventId}: place corrected`);
      } catch (error) {
        say(`${item.dataset.eventId}: ${error.message}`);
      }
    });
    details.append(form);
    name.focus();
  }

  async function showDetails(item) {
    const details = item.querySelector(".queue-details");
    details.replaceChildren(element("span", "Loading…", { class: "meta" }));
    let event;
    try {
      event = await api("GET", apiEventUrl(item.dataset.eventId));
    } catch (error) {
      details.replaceChildren(element("span", error.message, { class: "error" }));
      return null;
    }
    details.replaceChildren();
    const duplicates = event.suggested || [];
    const duplicateList = element("ul", null, { class: "duplicates" });
    details.append(element("strong", duplicates.length ? "Suggested duplicates" : "No suggested duplicate"));
    for (const duplicate of duplicates) {
      const row = element("li");
      row.append(element("a", duplicate.id, { href: eventUrl(duplicate.id) }));
      row.append(element("span", ` ${Number(duplicate.score).toFixed(2)} · ${duplicate.reason || ""} `, { class: "meta" }));
      const merge = element("button", "Merge (m)", { type: "button", class: "merge" });
      merge.addEventListener("click", () => mergeWith(item, duplicate.id));
      row.append(merge);
      duplicateList.append(row);
    }
    details.append(duplicateList);
    const mentions = event.mentions || [];
    if (mentions.length > 1) {
      details.append(element("strong", "Mentions"));
      const mentionList = element("ul", null, { class: "mentions" });
      for (const mention of mentions) {
        const row = element("li");
        const article = mention.article || {};
        row.append(element("span", `${mention.id}: ${article.title || article.id || ""}`));
        const split = element("button", "Split off (s)", { type: "button", class: "split" });
        split.addEventListener("click", () => splitOff(item, mention.id));
        row.append(split);
        mentionList.append(row);
      }
      details.append(mentionList);
    }
    return event;
  }

  async function mergeWith(item, otherId) {
    try {
      const result = await api("POST", "/api/events/merge", { ids: [item.dataset.eventId, otherId], reason: "duplicate, merged in review" });
      say(`merged into ${typeof result.event === "string" ? result.event : item.dataset.eventId}`);
      item.classList.add("done");
    } catch (error) {
      say(error.message);
    }
  }

  async function splitOff(item, mentionId) {
    try {
      const result = await api("POST", apiEventUrl(item.dataset.eventId) + "/split", { mentions: [mentionId] });
      say(`split ${mentionId} into ${result.new_event}`);
      await showDetails(item);
    } catch (error) {
      say(error.message);
    }
  }

  async function firstAction(item, kind) {
    const event = await showDetails(item);
    if (!event) return;
    if (kind === "merge" && (event.suggested || []).length) {
      await mergeWith(item, event.suggested[0].id);
    } else if (kind === "split" && (event.mentions || []).length > 1) {
      const last = event.mentions[event.mentions.length - 1];
      await splitOff(item, last.id);
    }
  }

  queue.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const item = button.closest(".queue-item");
    select(items().indexOf(item));
    const action = button.dataset.action;
    if (action === "accept" || action === "reject") review(item, action);
    else if (action === "edit") editPlace(item);
    else if (action === "details") showDetails(item);
  });

  document.addEventListener("keydown", (event) => {
    if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    const item = items()[current];
    const actions = {
      j: () => select(current + 1),
      k: () => select(current - 1),
      a: () => item && review(item, "accept"),
      r: () => item && review(item, "reject"),
      e: () => item && editPlace(item),
      m: () => item && firstAction(item, "merge"),
      s: () => item && firstAction(item, "split"),
    };
    if (actions[event.key]) {
      event.preventDefault();
      actions[event.key]();
    }
  });

  select(0);
})();
