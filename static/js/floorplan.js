// The one renderer of a floor plan: the cluster map, the campus overview and the wall display draw a
// seat with it, the same way. update() takes a cluster's JSON (the plan and who sits where) and changes
// only what changed, in place: focus, hover, the open seat card and the scroll position survive updates.
import { sinceLabel } from "./since.js";

const SVG = "http://www.w3.org/2000/svg";
const STATES = ["taken", "free", "out_of_service", "reserved", "unseen"];
const AGE_HOURS = [1, 3, 6];  // tint steps of a taken seat: under 1 h, 1-3 h, 3-6 h, 6 h and more
const INSET = 0.06;  // seats stand apart by this much on each side
const TEXT_WIDTH = 0.86;
const READABLE_SEAT_PX = 44;  // on the cluster map a seat is never drawn smaller than this, so its login reads

function element(name, attributes = {}, parent = null) {
  const made = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) made.setAttribute(key, value);
  if (parent) parent.append(made);
  return made;
}

// A label fits its seat: a long one is set smaller rather than spilling over the next seat.
function fitText(text, value, size, width = TEXT_WIDTH) {
  text.textContent = value;
  const fitting = Math.min(size, width / Math.max(1, value.length * 0.6));
  text.style.fontSize = fitting < size ? `${fitting.toFixed(3)}px` : "";
}

function ageStep(since, now = Date.now()) {
  const hours = (now - Date.parse(since)) / 3600000;
  return AGE_HOURS.filter((limit) => hours >= limit).length;
}

function isLong(since, longHours, now = Date.now()) {
  return (now - Date.parse(since)) / 3600000 >= longHours;
}

export class FloorPlan {
  // mode: "map" (seats are links with text, reachable by keyboard), "mini" (a coloured box per seat),
  // "wall" (boxes with the login when the display shows logins), "edit" (boxes named by host, for the editor). labels: the page's words (map-labels).
  constructor(svg, { mode = "map", labels = {}, timeZone = "UTC", seatUrl = null } = {}) {
    this.svg = svg;
    this.mode = mode;
    this.labels = labels;
    this.seatUrl = seatUrl;
    this.timeZone = timeZone;
    this.time = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
                                        { hour: "2-digit", minute: "2-digit", hour12: false, timeZone });
    this.seats = new Map();  // host -> { node, data }
    this.shapesKey = null;
    this.view = null;
    svg.classList.add("plan", `plan-${mode}`);
    this.shapeLayer = element("g", { class: "shapes" }, svg);
    this.seatLayer = element("g", { class: "seats" }, svg);
    if (mode === "map" || mode === "edit") svg.setAttribute("role", "group");
    else svg.setAttribute("aria-hidden", "true");
  }

  update(cluster) {
    this.cluster = cluster;
    this.setView(this.view);
    const shapesKey = JSON.stringify(cluster.shapes);
    if (shapesKey !== this.shapesKey) {
      this.shapesKey = shapesKey;
      this.shapeLayer.replaceChildren(...cluster.shapes.map((shape, index) => {
        const node = this.drawShape(shape);
        node.dataset.index = index;  // the editor finds the shape under the pointer by it
        return node;
      }));
    }
    const seen = new Set();
    for (const seat of cluster.seats) {
      seen.add(seat.host);
      let entry = this.seats.get(seat.host);
      if (!entry) {
        entry = { node: this.createSeat(seat), data: null };
        this.seats.set(seat.host, entry);
        this.seatLayer.append(entry.node);
      }
      if (!entry.data || entry.data.x !== seat.x || entry.data.y !== seat.y || entry.data.w !== seat.w
          || entry.data.h !== seat.h || entry.data.rotate !== seat.rotate) this.place(entry.node, seat);
      if (!entry.data || JSON.stringify(entry.data) !== JSON.stringify(seat)) this.paint(entry.node, seat);
      entry.data = seat;
    }
    for (const [host, entry] of this.seats) {
      if (!seen.has(host)) { entry.node.remove(); this.seats.delete(host); }
    }
  }

  // The part of the plan shown ([x, y, width, height] in seat units), or null for all of it (zoom.js sets it).
  setView(view) {
    this.view = view;
    const viewBox = (view || this.cluster.bounds).join(" ");
    if (this.svg.getAttribute("viewBox") !== viewBox) this.svg.setAttribute("viewBox", viewBox);
    if (this.mode === "map") this.keepReadable();
  }

  // A tall plan (many rows, as the intra draws them) fitted to the screen's height would shrink its seats
  // past reading: let the map grow taller than the screen instead, up to seats of READABLE_SEAT_PX.
  keepReadable() {
    const [, , width, height] = this.cluster.bounds;
    const fullWidthScale = (this.svg.parentElement?.clientWidth || 0) / width;
    const wanted = height * Math.min(READABLE_SEAT_PX, fullWidthScale);
    this.svg.style.minHeight = wanted > 0 ? `${Math.round(wanted)}px` : "";
    if (!this.resizing) {
      this.resizing = true;
      window.addEventListener("resize", () => this.keepReadable());
    }
  }

  // Tints follow the clock, not only the data: called every minute by the page.
  retint(now = Date.now()) {
    for (const { node, data } of this.seats.values()) {
      if (data.since && this.mode !== "mini") this.paint(node, data);  // the duration it shows grows too
      else this.tint(node, data, now);
    }
  }

  since(seat) {
    return sinceLabel(seat.since, { timeZone: this.timeZone, units: this.labels.units });
  }

  drawShape(shape) {
    if (shape.kind === "path") return element("path", { d: shape.d, class: "shape path" });
    if (shape.kind === "label") {
      const text = element("text", { x: shape.x, y: shape.y, class: "shape label", "dominant-baseline": "hanging" });
      text.textContent = shape.text;
      if (shape.rotate) text.setAttribute("transform", `rotate(${shape.rotate} ${shape.x} ${shape.y})`);
      return text;
    }
    const rect = element("rect", { x: shape.x, y: shape.y, width: shape.w, height: shape.h,
                                   class: `shape ${shape.kind}` });
    if (shape.rotate) {
      rect.setAttribute("transform", `rotate(${shape.rotate} ${shape.x + shape.w / 2} ${shape.y + shape.h / 2})`);
    }
    return rect;
  }

  createSeat(seat) {
    const linked = this.mode === "map" && seat.id;
    const node = element(linked ? "a" : "g", { "data-host": seat.host });
    if (linked) {
      node.setAttribute("href", this.seatUrl.replace("/0/", `/${seat.id}/`));
      node.id = `seat-${seat.id}`;
      node.dataset.seat = seat.id;
    } else if (this.mode === "map") {
      node.setAttribute("tabindex", "0");  // a layout seat never seen: no page to open, still announced
      node.setAttribute("role", "img");
    }
    element("rect", { class: "box", rx: 0.08 }, node);
    if (this.mode !== "mini") {
      // One text of two lines, the first ending in a space, so it reads as the words it shows. (A space
      // between the tspans instead throws Chromium's centring of the first line off.)
      const text = element("text", { "text-anchor": "middle" }, node);
      element("tspan", { class: "login" }, text);
      element("tspan", { class: "detail" }, text);
      element("path", { class: "long-mark", d: "" }, node);
    }
    return node;
  }

  place(node, seat) {
    const w = seat.w || 1;
    const h = seat.h || 1;
    let transform = `translate(${seat.x} ${seat.y})`;
    if (seat.rotate) transform += ` rotate(${seat.rotate} ${w / 2} ${h / 2})`;
    node.setAttribute("transform", transform);
    const box = node.querySelector(".box");
    box.setAttribute("x", INSET);
    box.setAttribute("y", INSET);
    box.setAttribute("width", w - 2 * INSET);
    box.setAttribute("height", h - 2 * INSET);
    if (this.mode === "mini") return;
    // A seat turned to face the other way keeps its words upright.
    const upsideDown = seat.rotate > 90 && seat.rotate <= 270;
    const text = node.querySelector("text");
    if (upsideDown) text.setAttribute("transform", `rotate(180 ${w / 2} ${h / 2})`);
    else text.removeAttribute("transform");
    const [login, detail] = node.querySelectorAll("tspan");
    login.setAttribute("x", w / 2);
    login.setAttribute("y", h / 2 - 0.02);
    detail.setAttribute("x", w / 2);
    detail.setAttribute("y", h / 2 + 0.24);
    node.querySelector(".long-mark").setAttribute("d", `M${w - INSET - 0.3} ${INSET}h0.3v0.3z`);
  }

  paint(node, seat) {
    node.classList.remove(...STATES);
    node.classList.add("seat", seat.state);
    this.tint(node, seat);
    if (this.mode === "mini") return;
    const [login, detail] = node.querySelectorAll("tspan");
    const labels = this.labels;
    if (this.mode === "wall" || this.mode === "edit") {
      fitText(login, (this.mode === "wall" ? seat.login : seat.host) || "", 0.26);
      fitText(detail, this.mode === "wall" && seat.since ? this.since(seat).short : "", 0.18);
      return;
    }
    const main = seat.state === "taken" ? seat.login : (labels[seat.state] && seat.state !== "free"
                                                        && seat.state !== "unseen" ? labels[seat.state] : seat.host);
    const small = seat.state === "taken" && seat.since ? this.since(seat).short
      : (seat.state === "free" || seat.state === "unseen" ? "" : seat.host);
    fitText(login, `${main || ""} `, 0.24);
    fitText(detail, small, 0.18);
    // Said as shown first (so what a voice-control user reads out names the seat), then the rest in words.
    node.setAttribute("aria-label", [[main, small].filter(Boolean).join(" "), this.describe(seat)].join(": "));
  }

  tint(node, seat, now = Date.now()) {
    const taken = seat.state === "taken" && seat.since;
    for (let step = 0; step <= AGE_HOURS.length; step++) node.classList.remove(`age-${step}`);
    if (taken) node.classList.add(`age-${ageStep(seat.since, now)}`);
    node.classList.toggle("long", Boolean(taken && isLong(seat.since, this.labels.long_session_hours || 10, now)));
  }

  describe(seat) {
    const labels = this.labels;
    const parts = [seat.host, labels[seat.state] || seat.state];
    if (seat.login) parts.push(seat.login);
    if (seat.since) parts.push(`${labels.since || "since"} ${this.since(seat).long}`);
    if (seat.note) parts.push(seat.note);
    return parts.join(", ");
  }

  dataOf(node) {
    return this.seats.get(node.dataset.host)?.data;
  }
}
