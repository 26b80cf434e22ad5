// The wall display. It keeps the last data on screen whatever happens to the server or the network,
// says how stale it is, retries with backoff, and reloads itself only while the server answers. Its push
// stream (stream.js) says when to fetch; while the stream is down it polls.
import { FloorPlan } from "./floorplan.js";
import { keepFresh } from "./freshness.js";
import { followStream } from "./stream.js";

const root = document.getElementById("kiosk");
const text = root.dataset;
const POLL_MS = 5000;
const MAX_BACKOFF_MS = 60000;
const PAUSE_AFTER_TOUCH_MS = 30000;
const QUIET_HOUR = 4;

const settings = { rotate: Number(root.dataset.rotate), theme: root.dataset.theme, clusters: [], scale: 1,
                   view: "rotate" };
const ignored = [];
const params = new URLSearchParams(location.search);
const overrides = {
  rotate: (v) => (/^\d+$/.test(v) && v >= 5 && v <= 3600 ? Number(v) : null),
  theme: (v) => (["dark", "light"].includes(v) ? v : null),
  clusters: (v) => (/^[-\w]+(,[-\w]+)*$/.test(v) ? v.split(",") : null),
  scale: (v) => (/^\d+(\.\d+)?$/.test(v) && v >= 0.5 && v <= 4 ? Number(v) : null),
  view: (v) => (["rotate", "summary"].includes(v) ? v : null),  // summary: every cluster at once, as the overview
};
for (const [name, parse] of Object.entries(overrides)) {
  if (!params.has(name)) continue;
  const value = parse(params.get(name));
  if (value === null) ignored.push(`${name}=${params.get(name)}`);
  else settings[name] = value;
}
document.documentElement.dataset.theme = settings.theme;
document.documentElement.style.setProperty("--scale", settings.scale);
const notice = document.getElementById("notice");
if (ignored.length) {
  notice.textContent = `${ignored.join(", ")}: ${text.textIgnored}`;
  notice.hidden = false;
}

// The same rule as the maps: the sync older than three cycles is said in large type, and cleared by itself.
const late = document.getElementById("late");
const synced = keepFresh(late, { ago: text.textAgo, late: text.textLate });
let data = null;
let etag = null;
let lastSuccess = null;
let live = false;
let current = 0;
let pausedUntil = 0;

const dataUrl = root.dataset.dataUrl + (settings.clusters.length ? `?clusters=${settings.clusters.join(",")}` : "");

function timeIn(zone, date, seconds = false) {
  return new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: seconds ? "2-digit" : undefined,
                                              hour12: false, timeZone: zone }).format(date);
}

function renderSummary() {
  const list = document.getElementById("summary");
  list.replaceChildren(...data.summary.filter((c) => data.clusters.some((s) => s.name === c.cluster)).map((c) => {
    const item = document.createElement("li");
    item.dataset.cluster = c.cluster;
    item.classList.toggle("current", data.clusters[current]?.name === c.cluster);
    const count = document.createElement("b");
    count.textContent = c.free;
    item.append(`${c.label}: `, count, ` ${text.textFree}`);
    return item;
  }));
}

// One floor plan per cluster, drawn by the maps' renderer and updated in place; rotation shows one of
// them, the summary view all of them at once.
const plans = new Map();
const mapArea = document.getElementById("map");
mapArea.classList.toggle("summary", settings.view === "summary");

function planFor(cluster) {
  let plan = plans.get(cluster.name);
  if (!plan) {
    const figure = document.createElement("figure");
    const caption = document.createElement("figcaption");
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    figure.dataset.cluster = cluster.name;
    figure.append(caption, svg);
    mapArea.append(figure);
    plan = new FloorPlan(svg, { mode: settings.view === "summary" ? "mini" : "wall", timeZone: data.time_zone,
                                labels: { units: { d: text.textDays, h: text.textHours, min: text.textMinutes } } });
    plan.figure = figure;
    plan.caption = caption;
    plans.set(cluster.name, plan);
  }
  return plan;
}

function renderCluster() {
  if (!data.clusters.length) return;
  current %= data.clusters.length;
  const shown = data.clusters[current];
  document.getElementById("cluster-name").textContent = settings.view === "summary" ? "" : shown.label;
  for (const cluster of data.clusters) {
    const plan = planFor(cluster);
    plan.update(cluster);
    plan.caption.textContent = `${cluster.label}: ${cluster.counts.free || 0} ${text.textFree}`;
    plan.figure.hidden = settings.view !== "summary" && cluster.name !== shown.name;
  }
  renderSummary();
}

function showStale(stale) {
  const banner = document.getElementById("stale");
  banner.hidden = !stale;
  if (stale && lastSuccess) banner.textContent = `${text.textStale} ${timeIn(data?.time_zone, lastSuccess)}`;
}

function showData(fresh) {
  late.dataset.staleAfter = fresh.stale_after;
  synced(fresh.synced_at);
  const missing = document.getElementById("missing");
  missing.hidden = !fresh.missing.length;
  missing.textContent = `${text.textMissing}: ${fresh.missing.join(", ")}`;
}

async function refresh() {
  try {
    const response = await fetch(dataUrl, { headers: etag ? { "If-None-Match": etag } : {}, cache: "no-cache" });
    if (response.status === 403) {
      document.body.replaceChildren(Object.assign(document.createElement("p"), { id: "disabled", textContent: text.textDisabled }));
      return "stop";  // a revoked display shows nothing more and stops asking
    }
    if (response.status === 200) {
      etag = response.headers.get("ETag");
      const fresh = await response.json();
      if (fresh.version !== root.dataset.version) { location.reload(); return "stop"; }
      data = fresh;
      renderCluster();
      showData(data);
    } else if (response.status !== 304) {
      throw new Error(`HTTP ${response.status}`);
    }
    lastSuccess = new Date();
    showStale(false);
    return true;
  } catch (error) {
    showStale(true);
    return false;
  }
}

function rotate() {
  if (data && settings.view === "rotate" && Date.now() > pausedUntil && data.clusters.length > 1) {
    current = (current + 1) % data.clusters.length;
    renderCluster();
  }
  setTimeout(rotate, settings.rotate * 1000);
}

function pause() { pausedUntil = Date.now() + PAUSE_AFTER_TOUCH_MS; }
for (const event of ["pointermove", "pointerdown", "touchstart", "keydown"]) addEventListener(event, pause, { passive: true });

function tickClock() {
  document.getElementById("clock").textContent = timeIn(data?.time_zone, new Date(), true);
  // Past the last success by more than a poll or two: say so even between retries (a live stream is news enough).
  if (!live && lastSuccess && Date.now() - lastSuccess > 3 * POLL_MS) showStale(true);
}

function reloadDaily() {
  // Once a day at a quiet hour, to shed memory; only while the server answers, so the screen never goes blank.
  const next = new Date();
  next.setHours(QUIET_HOUR, Math.floor(Math.random() * 30), 0, 0);
  if (next <= new Date()) next.setDate(next.getDate() + 1);
  setTimeout(async function tryReload() {
    try {
      const response = await fetch(dataUrl, { cache: "no-cache" });
      if (response.ok) { location.reload(); return; }
    } catch (error) { /* the server is away: keep showing what we have */ }
    setTimeout(tryReload, 10 * 60 * 1000);
  }, next - new Date());
}

setInterval(tickClock, 1000);
setInterval(() => { for (const plan of plans.values()) plan.retint(); }, 60000);
tickClock();
refresh().then((result) => {
  if (result !== "stop") {
    followStream(root.dataset.streamUrl, { refresh, pollMs: POLL_MS, maxBackoffMs: MAX_BACKOFF_MS,
                                           onState: (state) => { live = state === "live"; } });
  }
});
setTimeout(rotate, settings.rotate * 1000);
reloadDaily();
