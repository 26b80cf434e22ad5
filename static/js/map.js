// Keeps an open cluster map live: draws the floor plan from the page's own data at once, then polls its
// JSON with If-None-Match (304 when nothing changed) and updates the seats in place, so scroll position,
// focus and the open seat card stay where the user left them.
import { FloorPlan } from "./floorplan.js";
import { keepFresh } from "./freshness.js";
import { attachSeatCard } from "./seatcard.js";

const map = document.querySelector("[data-map-url]");
const labels = JSON.parse(document.getElementById("map-labels").textContent);
const initial = JSON.parse(document.getElementById("map-plan").textContent);
const synced = keepFresh(document.querySelector("[data-freshness]"), labels);
const plan = new FloorPlan(map.querySelector("svg"), { mode: "map", labels, timeZone: initial.time_zone,
                                                      seatUrl: map.dataset.seatUrl });
const refreshCard = attachSeatCard(plan, document.getElementById("seat-card"));
const POLL_MS = 5000;
let etag = null;
let delay = POLL_MS;

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

async function poll() {
  try {
    const response = await fetch(map.dataset.mapUrl, { headers: etag ? { "If-None-Match": etag } : {},
                                                       cache: "no-cache", credentials: "same-origin" });
    if (response.status === 200) {
      etag = response.headers.get("ETag");
      apply(await response.json());
    } else if (response.status !== 304) {
      throw new Error(`HTTP ${response.status}`);
    }
    delay = POLL_MS;
  } catch (error) {
    delay = Math.min(delay * 2, 60000);  // back off while the server is away
  }
  setTimeout(poll, delay);
}

apply(initial);
const highlighted = map.dataset.highlight && document.querySelector(`.seat[data-host="${CSS.escape(map.dataset.highlight)}"]`);
if (highlighted) { highlighted.classList.add("highlight"); highlighted.scrollIntoView({ block: "center", inline: "center" }); }
setInterval(() => plan.retint(), 60000);
setTimeout(poll, POLL_MS);
