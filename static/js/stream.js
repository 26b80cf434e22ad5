// Server push for a live page, one concern: an EventSource on the page's stream. The server says only that
// something changed; the page then runs its own fetch (its JSON with If-None-Match), so news missed while
// away costs nothing: the fetch made on every (re)connection catches up. While the stream is down the page
// falls back to polling with that same fetch, <html data-stream> says "live" or "disconnected", and the
// page's [data-stream-state] notice shows while disconnected.
const SILENCE_MS = 40000;  // the server sends at least a ping every 15 s: past this the stream is dead
const REOPEN_MS = [1000, 2000, 5000, 10000, 30000];
const OPEN_WITHIN_MS = 10000;  // a stream not open by then (a proxy holding it back) counts as down meanwhile

// The usual refresh: the page's JSON fetched with If-None-Match (a 304 costs the server no query) and handed
// to apply(data) when it changed.
export function etagFetch(url, apply) {
  let etag = null;
  return async function refresh() {
    try {
      const response = await fetch(url, { headers: etag ? { "If-None-Match": etag } : {}, cache: "no-cache",
                                          credentials: "same-origin" });
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        apply(await response.json());
      } else if (response.status !== 304) {
        throw new Error(`HTTP ${response.status}`);
      }
      return true;
    } catch (error) {
      return false;  // the fallback poll backs off while the server is away
    }
  };
}

// refresh(): the page's fetch; resolves true (it worked), false (it failed) or "stop" (this page is done,
// e.g. a revoked wall display). onState(state) hears "live" and "disconnected".
export function followStream(url, { refresh, pollMs, maxBackoffMs = 60000, onState = () => {} }) {
  let source = null;
  let state = "";
  let stopped = false;
  let reopens = 0;
  let silence = null;
  let pollTimer = null;
  let backoff = pollMs;
  let running = null;
  let again = false;

  function stop() {
    stopped = true;
    source?.close();
    clearTimeout(silence);
    clearTimeout(pollTimer);
  }

  // One fetch at a time; news that comes meanwhile makes one more after it.
  async function fetchNow() {
    if (running) { again = true; return running; }
    running = (async () => {
      let result;
      do { again = false; result = await refresh(); } while (again && result === true);
      if (result === "stop") stop();
      return result;
    })();
    try { return await running; } finally { running = null; }
  }

  function setState(next) {
    if (next === state) return;
    state = next;
    document.documentElement.dataset.stream = next;
    for (const notice of document.querySelectorAll("[data-stream-state]")) notice.hidden = next !== "disconnected";
    onState(next);
  }

  // The fallback while the stream is down: the page's ETag poll, backing off while the server is away.
  function poll() {
    if (pollTimer || state === "live" || stopped) return;
    pollTimer = setTimeout(async () => {
      pollTimer = null;
      const result = await fetchNow();
      backoff = result === true ? pollMs : Math.min(backoff * 2, maxBackoffMs);
      poll();
    }, backoff);
  }

  function lost() {
    clearTimeout(silence);
    setState("disconnected");
    poll();
  }

  function heard() {
    clearTimeout(silence);
    silence = setTimeout(() => { source.close(); lost(); reopen(); }, SILENCE_MS);
  }

  function reopen() {
    // Jittered, so that screens refused together (a restart, a proxy's 502) do not all come back together.
    if (!stopped) setTimeout(open, REOPEN_MS[Math.min(reopens++, REOPEN_MS.length - 1)] * (0.5 + Math.random()));
  }

  function open() {
    if (stopped) return;
    source = new EventSource(url);
    setTimeout(() => { if (state !== "live") lost(); }, OPEN_WITHIN_MS);
    source.onopen = () => {
      reopens = 0;
      backoff = pollMs;
      setState("live");
      clearTimeout(pollTimer);
      pollTimer = null;
      heard();
      fetchNow();
    };
    for (const name of ["change", "synced"]) source.addEventListener(name, () => { heard(); fetchNow(); });
    source.addEventListener("ping", heard);
    source.addEventListener("revoked", () => { stop(); fetchNow(); });
    source.onerror = () => {
      lost();
      // A network error: the browser reconnects by itself. An error status (a proxy's 502, a 403): it gives up.
      if (source.readyState === EventSource.CLOSED) reopen();
    };
  }

  open();
  return { fetchNow, isLive: () => state === "live" };
}
