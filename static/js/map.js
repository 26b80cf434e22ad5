// Keeps an open cluster map live: polls its JSON with If-None-Match (304 when nothing changed) and
// updates the seats in place, so scroll position, focus and selection stay where the user left them.
import { keepFresh } from "./freshness.js";

const map = document.querySelector("[data-map-url]");
const labels = JSON.parse(document.getElementById("map-labels").textContent);
const synced = keepFresh(document.querySelector("[data-freshness]"), labels);
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hour12: false,
                                                        timeZone: map.dataset.timeZone });
const POLL_MS = 5000;
let etag = null;
let delay = POLL_MS;

function render(seat, element) {
  element.className = element.className.replace(/\b(taken|free|out_of_service|reserved)\b/g, "").trim();
  element.classList.add(seat.state);
  const login = element.querySelector(".login");
  const detail = element.querySelector(".detail");
  if (seat.state === "taken") {
    login.textContent = seat.login;
    const since = new Date(seat.since);
    detail.innerHTML = "";
    const time = document.createElement("time");
    time.dateTime = seat.since;
    time.textContent = timeFormat.format(since);
    detail.append(time);
  } else {
    login.textContent = labels[seat.state] || "";
    detail.textContent = seat.host;
  }
}

function apply(data) {
  for (const seat of data.seats) {
    const element = document.getElementById(`seat-${seat.id}`);
    if (element) render(seat, element);
  }
  for (const [state, count] of Object.entries({ taken: 0, free: 0, ...data.counts })) {
    const counter = document.querySelector(`[data-count="${state}"]`);
    if (counter) counter.textContent = count;
  }
  synced(data.synced_at);
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

poll();
