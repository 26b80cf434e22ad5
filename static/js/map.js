// Keeps an open cluster map live: draws the floor plan from the page's own data at once, then fetches its
// JSON with If-None-Match (304 when nothing changed) whenever its push stream says the cluster changed (or
// every few seconds while the stream is down) and updates the seats in place, so scroll position, focus and
// the open seat card stay where the user left them.
import { FloorPlan } from "./floorplan.js";
import { keepFresh } from "./freshness.js";
import { attachSeatCard } from "./seatcard.js";
import { attachZoom } from "./zoom.js";
import { etagFetch, followStream } from "./stream.js";

const map = document.querySelector("[data-map-url]");
const labels = JSON.parse(document.getElementById("map-labels").textContent);
const initial = JSON.parse(document.getElementById("map-plan").textContent);
const synced = keepFresh(document.querySelector("[data-freshness]"), labels);
const plan = new FloorPlan(map.querySelector("svg"), { mode: "map", labels, timeZone: initial.time_zone,
                                                      seatUrl: map.dataset.seatUrl });
const refreshCard = attachSeatCard(plan, document.getElementById("seat-card"));
attachZoom(plan, document.querySelector("[data-zoom-buttons]"));
const POLL_MS = 5000;

// The page's "apply new data" step: the poll below, or a push stream, hands it the cluster's JSON.
export function apply(data) {
  plan.update(data);
  for (const [state, count] of Object.entries({ taken: 0, free: 0, ...data.counts })) {
    const counter = document.querySelector(`[data-count="${state}"]`);
    if (counter) counter.textContent = count;
  }
  synced(data.synced_at);
  refreshCard();
}

apply(initial);
const highlighted = map.dataset.highlight && document.querySelector(`.seat[data-host="${CSS.escape(map.dataset.highlight)}"]`);
if (highlighted) { highlighted.classList.add("highlight"); highlighted.scrollIntoView({ block: "center", inline: "center" }); }
setInterval(() => plan.retint(), 60000);
followStream(map.dataset.streamUrl, { refresh: etagFetch(map.dataset.mapUrl, apply), pollMs: POLL_MS });
