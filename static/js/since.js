// Since when a seat is taken, in words: the one label the map's seats, the seat card and the wall display
// show. A session open for days must not look like one begun this afternoon: the label names the day when
// it is not today (in the campus's time zone), and how long. Counted from the clock, so it never goes stale.
const UNITS = { d: "d", h: "h", min: "min" };  // the page's own words come in labels.units

function dayOf(date, timeZone) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    .format(date);
}

export function durationText(seconds, units = UNITS) {
  const minutes = Math.max(0, Math.floor(seconds / 60));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days) return `${days} ${units.d} ${hours} ${units.h}`;
  if (hours) return `${hours} ${units.h} ${String(minutes % 60).padStart(2, "0")}`;
  return `${minutes % 60} ${units.min}`;
}

// short: "13:40" today, "Mon · 4 d 2 h" on another day (a seat's tile); long: "Mon 23 Nov 13:40 · 4 d 2 h".
export function sinceLabel(since, { timeZone = "UTC", units = UNITS, now = Date.now(),
                                    lang = document.documentElement.lang || undefined } = {}) {
  const begin = new Date(since);
  const today = dayOf(begin, timeZone) === dayOf(new Date(now), timeZone);
  const format = (options) => new Intl.DateTimeFormat(lang, { timeZone, ...options }).format(begin);
  const time = format({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const duration = durationText((now - begin) / 1000, units);
  if (today) return { short: time, long: `${time} · ${duration}` };
  const day = format({ weekday: "short" });
  return { short: `${day} · ${duration}`,
           long: `${format({ weekday: "short", day: "numeric", month: "short" })} ${time} · ${duration}` };
}
