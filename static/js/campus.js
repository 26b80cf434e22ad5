// Keeps a campus overview live: re-reads the page every 10 s and swaps in its cluster list and the
// time of the last sync. While the server is away the last list stays on screen and the age keeps counting.
import { keepFresh } from "./freshness.js";

const clusters = document.querySelector("[data-clusters]");
const labels = JSON.parse(document.getElementById("map-labels").textContent);
const synced = keepFresh(document.querySelector("[data-freshness]"), labels);
const POLL_MS = 10000;
let delay = POLL_MS;

async function poll() {
  try {
    const response = await fetch(window.location.href, { cache: "no-cache", credentials: "same-origin" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector("[data-clusters]");
    if (!fresh) throw new Error("not the campus page");  // e.g. the sign-in page after the session ended
    clusters.replaceChildren(...fresh.childNodes);
    synced(page.querySelector("[data-freshness]").dataset.syncedAt);
    delay = POLL_MS;
  } catch (error) {
    delay = Math.min(delay * 2, 120000);
  }
  setTimeout(poll, delay);
}

setTimeout(poll, delay);
