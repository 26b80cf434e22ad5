// The forecast fragments of a page (the strip under a live count, a wall display's lines): re-read every
// few minutes, since the forecast is recomputed hourly, and taken off the screen once past their
// data-expires, so that a forecast older than FORECAST_MAX_AGE is never shown as current, even while the
// server is away.
const REFRESH_MS = 5 * 60 * 1000;
const CHECK_MS = 30 * 1000;

function expire(element) {
  const expires = element.dataset.expires;
  if (expires && Date.now() > Date.parse(expires)) {
    element.hidden = true;
  }
}

async function refresh(element) {
  try {
    const response = await fetch(element.dataset.forecastUrl, { credentials: "same-origin" });
    if (!response.ok) return;
    const holder = document.createElement("template");
    holder.innerHTML = (await response.text()).trim();
    const fresh = holder.content.firstElementChild;
    if (fresh) element.replaceWith(fresh);
  } catch (error) {
    // The server is away: keep what is shown until it expires.
  }
}

function all() {
  return document.querySelectorAll("[data-forecast-url]");
}

all().forEach(expire);
setInterval(() => all().forEach(expire), CHECK_MS);
setInterval(() => all().forEach(refresh), REFRESH_MS);
