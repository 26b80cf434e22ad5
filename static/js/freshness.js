// The "updated N s ago" line of a live page: counts up every second from the last sync it was told
// of, and turns to the late warning once the sync is older than data-stale-after seconds.
export function keepFresh(element, labels) {
  function tick() {
    const synced = element.dataset.syncedAt;
    if (!synced) return;
    const age = Math.max(0, Math.round((Date.now() - Date.parse(synced)) / 1000));
    const late = age > Number(element.dataset.staleAfter);
    element.classList.toggle("stale", late);
    element.textContent = labels.ago.replace("%s", age) + (late ? ` — ${labels.late}` : "");
  }
  setInterval(tick, 1000);
  tick();
  return (syncedAt) => {
    if (syncedAt) element.dataset.syncedAt = syncedAt;
    tick();
  };
}
