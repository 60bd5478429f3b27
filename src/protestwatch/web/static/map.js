// The map page: events as circles sized by crowd and coloured by form, clustered when dense, over the
// bundled world outline (or a configured tile server), and the timeline of counts under it.
// The filter form drives both and lives in the URL, so a view can be shared by its address.
"use strict";

(() => {
  const { api, element, eventUrl } = ProtestWatch;
  const FORM_COLOURS = {
    demonstration: "#d7263d", march: "#f46036", rally: "#c2185b", vigil: "#6a4c93", "sit-in": "#1b998b",
    strike: "#2e86ab", "hunger-strike": "#5c6bc0", boycott: "#8d6e63", blockade: "#e4572e", occupation: "#29335c",
    riot: "#000000", exhibition: "#00897b", other: "#607d8b",
  };
  const FILTERS = ["date_from", "date_to", "country", "organizer", "form", "text"];

  const mapElement = document.getElementById("map");
  if (!mapElement || typeof L === "undefined") {
    const summary = document.getElementById("summary");
    if (summary) summary.textContent = "The map library is not installed: run make web-assets.";
    return;
  }

  // markercluster needs a maxZoom on the map itself (no tile layer gives one offline).
  const map = L.map(mapElement, { worldCopyJump: true, minZoom: 1, maxZoom: 18 }).setView([30, 10], 2);
  const tiles = mapElement.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, { attribution: mapElement.dataset.attribution || "", maxZoom: 18 }).addTo(map);
  } else {
    // Offline base layer: Natural Earth 1:110m countries from the world-atlas package.
    fetch("/vendor/world-atlas/countries-110m.json")
      .then((response) => response.json())
      .then((topology) => {
        const countries = topojson.feature(topology, topology.objects.countries);
        L.geoJSON(countries, {
          style: { color: "#8a9aa9", weight: 0.7, fillColor: "#eef1ec", fillOpacity: 1 },
          interactive: false,
        }).addTo(map).bringToBack();
      })
      .catch(() => undefined);
    mapElement.classList.add("offline");
  }
  const clusters = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false });
  map.addLayer(clusters);
  addLegend(map);

  const form = document.getElementById("filters");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const params = paramsFromForm();
    history.pushState(null, "", params.toString() ? "/?" + params : "/");
    load(params);
  });
  window.addEventListener("popstate", () => {
    fillForm(new URLSearchParams(window.location.search));
    load(new URLSearchParams(window.location.search));
  });
  load(new URLSearchParams(window.location.search));

  function paramsFromForm() {
    const params = new URLSearchParams();
    for (const name of [...FILTERS, "bucket"]) {
      const value = (form.elements[name].value || "").trim();
      if (value && !(name === "bucket" && value === "day")) params.set(name, value);
    }
    return params;
  }

  function fillForm(params) {
    for (const name of FILTERS) form.elements[name].value = params.get(name) || "";
    form.elements.bucket.value = params.get("bucket") || "day";
  }

  // Only the filters go to the API: the page's own parameters (bucket) are handled here.
  function filterQuery(params) {
    const query = new URLSearchParams();
    for (const name of FILTERS) if (params.get(name)) query.set(name, params.get(name));
    return query;
  }

  async function load(params) {
    const query = filterQuery(params);
    const bucket = params.get("bucket") === "week" ? "week" : "day";
    const summary = document.getElementById("summary");
    try {
      const [geojson, page, counts] = await Promise.all([
        api("GET", "/api/events.geojson?" + query),
        api("GET", "/api/events?limit=1&" + query),
        api("GET", `/api/counts?bucket=${bucket}&` + query),
      ]);
      drawEvents(geojson.features);
      drawTimeline(counts.counts, bucket);
      const mapped = geojson.features.length;
      summary.textContent = `${page.total} events match; ${mapped} with a place are on the map.`;
      summary.dataset.total = String(page.total);
      summary.dataset.mapped = String(mapped);
    } catch (error) {
      summary.textContent = "Could not load events: " + error.message;
    }
  }

  function radius(size) {
    const people = size && (size.low || size.high);
    // Area grows with the log of the crowd: 10 people and 100,000 both stay readable.
    return people ? 5 + 3 * Math.log10(Math.max(people, 1)) : 5;
  }

  function drawEvents(features) {
    clusters.clearLayers();
    const markers = [];
    for (const feature of features) {
      const [lon, lat] = feature.geometry.coordinates;
      const event = feature.properties;
      const marker = L.circleMarker([lat, lon], {
        radius: radius(event.size),
        color: "#ffffff",
        weight: 1,
        fillColor: FORM_COLOURS[event.form] || FORM_COLOURS.other,
        fillOpacity: 0.85,
      });
      marker.feature = feature;
      marker.bindPopup(() => popup(event));
      markers.push(marker);
    }
    clusters.addLayers(markers);
    if (markers.length) {
      map.fitBounds(clusters.getBounds(), { maxZoom: 6, padding: [30, 30] });
    }
  }

  function popup(event) {
    const box = element("div", null, { class: "popup" });
    const location = event.location || {};
    const title = element("a", `${event.form} in ${location.name || location.text || "?"}`, {
      href: eventUrl(event.id),
      class: "popup-title",
    });
    box.append(title);
    const date = event.date && event.date.start ? event.date.start : "date unknown";
    box.append(element("div", date));
    if (event.size) {
      const high = event.size.high !== event.size.low && event.size.high ? `–${event.size.high}` : "";
      box.append(element("div", `crowd ${event.size.low ?? "?"}${high}`));
    }
    const organizers = (event.organizers || []).map((actor) => actor.name).join(", ");
    if (organizers) box.append(element("div", "by " + organizers));
    return box;
  }

  // Every bucket from the first to the last, empty ones included, so the time axis is even.
  function fillGaps(rows, bucket) {
    const step = bucket === "week" ? 7 : 1;
    if (!rows.length || bucket === "month") return rows;
    const byPeriod = new Map(rows.map((row) => [row.period, row.count]));
    const first = Date.parse(rows[0].period + "T00:00:00Z");
    const last = Date.parse(rows[rows.length - 1].period + "T00:00:00Z");
    const buckets = Math.round((last - first) / (step * 86400000)) + 1;
    if (buckets > 2000) return rows; // decades of days: show the buckets with events only
    const filled = [];
    for (let index = 0; index < buckets; index += 1) {
      const period = new Date(first + index * step * 86400000).toISOString().slice(0, 10);
      filled.push({ period, count: byPeriod.get(period) || 0 });
    }
    return filled;
  }

  function drawTimeline(rows, bucket) {
    const timeline = document.getElementById("timeline");
    timeline.replaceChildren();
    if (!rows.length) {
      timeline.append(element("p", "No dated events under these filters.", { class: "absent" }));
      return;
    }
    const all = fillGaps(rows, bucket);
    const max = Math.max(...all.map((row) => row.count));
    const svgNS = "http://www.w3.org/2000/svg";
    const step = Math.max(4, Math.min(44, 1200 / all.length));
    const labelEvery = Math.ceil(48 / step);
    const width = Math.max(all.length * step + 10, 300);
    const height = 150;
    const svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("width", String(width));
    svg.setAttribute("class", "timeline-chart");
    svg.setAttribute("data-bucket", bucket);
    all.forEach((row, index) => {
      const x = index * step + 5;
      const group = document.createElementNS(svgNS, "g");
      if (row.count > 0) {
        group.setAttribute("class", "bar");
        group.setAttribute("data-period", row.period);
        group.setAttribute("data-count", String(row.count));
        const barHeight = Math.max(2, ((height - 44) * row.count) / max);
        const rect = document.createElementNS(svgNS, "rect");
        rect.setAttribute("x", String(x + step * 0.15));
        rect.setAttribute("y", String(height - 26 - barHeight));
        rect.setAttribute("width", String(step * 0.7));
        rect.setAttribute("height", String(barHeight));
        const tip = document.createElementNS(svgNS, "title");
        tip.textContent = `${bucket === "week" ? "week of " : ""}${row.period}: ${row.count} events`;
        rect.append(tip);
        const count = document.createElementNS(svgNS, "text");
        count.setAttribute("x", String(x + step / 2));
        count.setAttribute("y", String(height - 30 - barHeight));
        count.setAttribute("class", "count");
        count.textContent = String(row.count);
        group.append(rect, count);
      }
      if (index % labelEvery === 0) {
        const label = document.createElementNS(svgNS, "text");
        label.setAttribute("x", String(index === 0 ? x : x + step / 2));
        label.setAttribute("y", String(height - 8));
        label.setAttribute("class", index === 0 ? "label first" : "label");
        label.textContent = index === 0 || row.period.endsWith("-01-01") ? row.period : row.period.slice(5);
        group.append(label);
      }
      svg.append(group);
    });
    timeline.append(svg);
  }

  function addLegend(target) {
    const legend = L.control({ position: "bottomright" });
    legend.onAdd = () => {
      const box = element("div", null, { class: "legend" });
      box.append(element("strong", "Form"));
      for (const [form, colour] of Object.entries(FORM_COLOURS)) {
        const row = element("div");
        const swatch = element("span", null, { class: "swatch" });
        swatch.style.background = colour;
        row.append(swatch, document.createTextNode(" " + form));
        box.append(row);
      }
      box.append(element("div", "size: crowd (log)", { class: "meta" }));
      return box;
    };
    legend.addTo(target);
  }
})();
