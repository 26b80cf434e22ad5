// The campus at a glance: every cluster as a small live floor plan with its counts. Draws at once from
// the page's own data, then fetches the campus JSON with If-None-Match whenever its push stream says the
// campus changed (or every few seconds while the stream is down) and updates the seats in place.
// While the server is away the last plans stay on screen and the sync age keeps counting.
import { FloorPlan } from "./floorplan.js";
import { keepFresh } from "./freshness.js";
import { etagFetch, followStream } from "./stream.js";

const root = document.querySelector("[data-campus-url]");
const labels = JSON.parse(document.getElementById("map-labels").textContent);
const synced = keepFresh(document.querySelector("[data-freshness]"), labels);
const plans = new Map();
for (const svg of root.querySelectorAll("svg[data-cluster]")) {
  plans.set(svg.dataset.cluster, new FloorPlan(svg, { mode: "mini", labels }));
}
const POLL_MS = 10000;

function countsText(counts) {
  return labels.counts.replace("%(taken)s", counts.taken || 0).replace("%(free)s", counts.free || 0);
}

// The page's "apply new data" step: the poll below, or a push stream, hands it the campus JSON.
export function apply(data) {
  for (const cluster of data.clusters) {
    const plan = plans.get(cluster.name);
    if (!plan) continue;  // a cluster new since the page was served shows after a reload
    plan.update(cluster);
    const counts = root.querySelector(`[data-counts="${CSS.escape(cluster.name)}"]`);
    if (counts) counts.textContent = countsText(cluster.counts);
  }
  synced(data.synced_at);
}

apply(JSON.parse(document.getElementById("campus-plan").textContent));
setInterval(() => { for (const plan of plans.values()) plan.retint(); }, 60000);
followStream(root.dataset.streamUrl, { refresh: etagFetch(root.dataset.campusUrl, apply), pollMs: POLL_MS,
                                        maxBackoffMs: 120000 });
