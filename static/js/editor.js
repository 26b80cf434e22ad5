// The layout editor. Drag seats and shapes with the pointer (snapped to the grid; a selection moves as a
// whole), drag on the floor to select with a rectangle, select a seat's row or its island, rotate, add
// walls, pillars, desks, the entrance and labels, put hosts not yet in the layout on the plan, undo and
// redo. Saving sends the whole document with the version it started from; the server keeps it as a new
// version, or answers 409 when someone saved meanwhile, and then nothing here is lost.
import { FloorPlan } from "./floorplan.js";

const SVG = "http://www.w3.org/2000/svg";
const MARGIN = 2;
const TOUCHING = 0.2;  // seats this close belong to the same island
const NEW_SHAPES = { wall: [4, 0.2], pillar: [0.6, 0.6], desk: [2, 1], entrance: [1.5, 0.3], label: [2, 0.6] };

const form = document.querySelector("[data-editor]");
const data = JSON.parse(document.getElementById("editor-data").textContent);
const labels = JSON.parse(document.getElementById("map-labels").textContent);
const svg = form.querySelector("[data-editor-plan]");
const status = form.querySelector("[data-status]");
const clusterChoice = form.querySelector("[data-cluster-choice]");
const plan = new FloorPlan(svg, { mode: "edit", labels });
svg.setAttribute("tabindex", "0");

let doc = data.document;
const unplaced = [...data.unplaced];
let cluster = doc.clusters.find((c) => c.name === data.cluster) || doc.clusters[0];
let selection = new Set();  // "seat:<host>" or "shape:<index>"
let dragging = null;
const undoStack = [];
const redoStack = [];

const round = (value) => Math.round(value * 1000) / 1000;

function gridStep() {
  return form.querySelector("[data-snap]").checked ? Number(form.querySelector("[data-grid]").value) : 0.001;
}

function snap(value) {
  const step = gridStep();
  return round(Math.round(value / step) * step);
}

function remember(before = JSON.stringify({ doc, unplaced })) {
  undoStack.push(before);
  redoStack.length = 0;
}

function restore(from, to) {
  if (!from.length) return;
  to.push(JSON.stringify({ doc, unplaced }));
  const state = JSON.parse(from.pop());
  doc = state.doc;
  unplaced.splice(0, unplaced.length, ...state.unplaced);
  cluster = doc.clusters.find((c) => c.name === cluster.name) || doc.clusters[0];
  selection.clear();
  draw();
}

function boxes() {
  return [...cluster.seats.map((s) => [s.x, s.y, s.w || 1, s.h || 1]),
          ...cluster.shapes.filter((s) => "x" in s).map((s) => [s.x, s.y, s.w || 2, s.h || 0.6])];
}

function bounds() {
  const all = boxes();
  if (!all.length) return [-MARGIN, -MARGIN, 12, 8];
  const left = Math.min(...all.map((b) => b[0])) - MARGIN;
  const top = Math.min(...all.map((b) => b[1])) - MARGIN;
  const right = Math.max(...all.map((b) => b[0] + b[2])) + MARGIN;
  const bottom = Math.max(...all.map((b) => b[1] + b[3])) + MARGIN;
  return [left, top, right - left, bottom - top];
}

function nodeOf(key) {
  const [kind, id] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
  return kind === "seat" ? svg.querySelector(`.seat[data-host="${CSS.escape(id)}"]`)
    : svg.querySelector(`.shape[data-index="${id}"]`);
}

function itemOf(key) {
  const id = key.slice(key.indexOf(":") + 1);
  return key.startsWith("seat:") ? cluster.seats.find((s) => s.host === id) : cluster.shapes[Number(id)];
}

function keyOf(target) {
  const seat = target.closest(".seat");
  if (seat) return `seat:${seat.dataset.host}`;
  const shape = target.closest(".shape");
  return shape ? `shape:${shape.dataset.index}` : null;
}

function draw() {
  if (!cluster) return;
  plan.update({
    bounds: dragging ? dragging.bounds : bounds(), shapes: cluster.shapes,
    seats: cluster.seats.map((s) => ({ ...s, id: 0, state: data.states[s.host] || "unseen", login: "", since: null,
                                       note: "" })),
  });
  for (const node of svg.querySelectorAll(".selected")) node.classList.remove("selected");
  for (const key of selection) nodeOf(key)?.classList.add("selected");
  form.querySelector('[data-action="undo"]').disabled = !undoStack.length;
  form.querySelector('[data-action="redo"]').disabled = !redoStack.length;
  const list = form.querySelector("[data-unplaced]");
  list.replaceChildren(...unplaced.map((host) => {
    const item = document.createElement("li");
    const button = Object.assign(document.createElement("button"), { type: "button", textContent: host });
    button.dataset.host = host;
    item.append(button);
    return item;
  }));
}

function toPlan(event) {
  return new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
}

svg.addEventListener("pointerdown", (event) => {
  if (!cluster || event.button > 0) return;
  const key = keyOf(event.target);
  const start = toPlan(event);
  if (key) {
    if (event.shiftKey) {
      if (selection.has(key)) selection.delete(key); else selection.add(key);
    } else if (!selection.has(key)) {
      selection = new Set([key]);
    }
    const items = [...selection].map(itemOf).filter((item) => item && "x" in item);
    dragging = { start, bounds: bounds(), before: JSON.stringify({ doc, unplaced }), moved: false,
                 origins: items.map((item) => [item, item.x, item.y]) };
  } else {
    if (!event.shiftKey) selection.clear();
    const marquee = document.createElementNS(SVG, "rect");
    marquee.setAttribute("class", "marquee");
    svg.append(marquee);
    dragging = { start, bounds: bounds(), marquee };
  }
  svg.setPointerCapture(event.pointerId);
  svg.focus({ preventScroll: true });
  event.preventDefault();
  draw();
});

svg.addEventListener("pointermove", (event) => {
  if (!dragging) return;
  const point = toPlan(event);
  const dx = point.x - dragging.start.x;
  const dy = point.y - dragging.start.y;
  if (dragging.marquee) {
    const box = { x: Math.min(point.x, dragging.start.x), y: Math.min(point.y, dragging.start.y),
                  width: Math.abs(dx), height: Math.abs(dy) };
    for (const [name, value] of Object.entries(box)) dragging.marquee.setAttribute(name, value);
    dragging.box = box;
    return;
  }
  if (!dragging.origins.length) return;
  // The first item snaps to the grid; the others keep their offsets to it, so a row or an island moves whole.
  const [, firstX, firstY] = dragging.origins[0];
  const moveX = snap(firstX + dx) - firstX;
  const moveY = snap(firstY + dy) - firstY;
  if (moveX || moveY) dragging.moved = true;
  for (const [item, x, y] of dragging.origins) {
    item.x = round(x + moveX);
    item.y = round(y + moveY);
  }
  draw();
});

function endDrag() {
  if (!dragging) return;
  if (dragging.marquee) {
    const box = dragging.box;
    dragging.marquee.remove();
    if (box) {
      cluster.seats.forEach((s) => {
        if (s.x + (s.w || 1) > box.x && s.x < box.x + box.width && s.y + (s.h || 1) > box.y
            && s.y < box.y + box.height) selection.add(`seat:${s.host}`);
      });
    }
  } else if (dragging.moved) {
    remember(dragging.before);
  }
  dragging = null;
  draw();
}
svg.addEventListener("pointerup", endDrag);
svg.addEventListener("pointercancel", endDrag);

function selectedSeats() {
  return [...selection].filter((key) => key.startsWith("seat:")).map(itemOf).filter(Boolean);
}

function selectRow() {
  for (const seat of selectedSeats()) {
    cluster.seats.filter((s) => Math.abs(s.y - seat.y) < 0.25 && (s.rotate || 0) === (seat.rotate || 0))
      .forEach((s) => selection.add(`seat:${s.host}`));
  }
}

function touching(a, b) {
  return a.x <= b.x + (b.w || 1) + TOUCHING && b.x <= a.x + (a.w || 1) + TOUCHING
    && a.y <= b.y + (b.h || 1) + TOUCHING && b.y <= a.y + (a.h || 1) + TOUCHING;
}

function selectIsland() {
  const queue = selectedSeats();
  while (queue.length) {
    const seat = queue.pop();
    for (const other of cluster.seats) {
      if (!selection.has(`seat:${other.host}`) && touching(seat, other)) {
        selection.add(`seat:${other.host}`);
        queue.push(other);
      }
    }
  }
}

// Turns the selection around its centre: every item moves and turns, so an island keeps its shape.
function rotate(angle) {
  const items = [...selection].map(itemOf).filter((item) => item && "x" in item);
  if (!items.length) return;
  remember();
  const centres = items.map((item) => [item.x + (item.w || 1) / 2, item.y + (item.h || 1) / 2]);
  const cx = (Math.min(...centres.map((c) => c[0])) + Math.max(...centres.map((c) => c[0]))) / 2;
  const cy = (Math.min(...centres.map((c) => c[1])) + Math.max(...centres.map((c) => c[1]))) / 2;
  const radians = (angle * Math.PI) / 180;
  items.forEach((item, index) => {
    const [x, y] = centres[index];
    const nx = cx + (x - cx) * Math.cos(radians) - (y - cy) * Math.sin(radians);
    const ny = cy + (x - cx) * Math.sin(radians) + (y - cy) * Math.cos(radians);
    item.x = round(nx - (item.w || 1) / 2);
    item.y = round(ny - (item.h || 1) / 2);
    const turned = (((item.rotate || 0) + angle) % 360 + 360) % 360;
    if (turned) item.rotate = turned; else delete item.rotate;
  });
}

function freeSpot() {
  const [left, top, width, height] = bounds();
  const y = snap(top + height - MARGIN + 0.5);
  let x = snap(left + MARGIN);
  while (cluster.seats.some((s) => Math.abs(s.x - x) < 1 && Math.abs(s.y - y) < 1)) x += 1;
  return [x, y];
}

function addShape(kind) {
  const [w, h] = NEW_SHAPES[kind];
  const [left, top, width, height] = bounds();
  const shape = { kind, x: snap(left + width / 2 - w / 2), y: snap(top + height / 2 - h / 2) };
  if (kind === "label") {
    const text = form.querySelector("#label-text").value.trim();
    if (!text) { status.textContent = form.querySelector("#label-text").placeholder; return; }
    shape.text = text;
  } else {
    Object.assign(shape, { w, h });
  }
  remember();
  cluster.shapes.push(shape);
  selection = new Set([`shape:${cluster.shapes.length - 1}`]);
}

function remove() {
  if (!selection.size) return;
  remember();
  const shapes = new Set([...selection].filter((k) => k.startsWith("shape:")).map((k) => Number(k.slice(6))));
  const hosts = new Set([...selection].filter((k) => k.startsWith("seat:")).map((k) => k.slice(5)));
  cluster.shapes = cluster.shapes.filter((_, index) => !shapes.has(index));
  cluster.seats = cluster.seats.filter((s) => !hosts.has(s.host));
  unplaced.push(...hosts);
  unplaced.sort();
  selection.clear();
}

function place(host) {
  remember();
  const [x, y] = freeSpot();
  cluster.seats.push({ host, x, y, w: 1, h: 1 });
  unplaced.splice(unplaced.indexOf(host), 1);
  selection = new Set([`seat:${host}`]);
}

function nudge(dx, dy) {
  const items = [...selection].map(itemOf).filter((item) => item && "x" in item);
  if (!items.length) return false;
  remember();
  const step = form.querySelector("[data-snap]").checked ? gridStep() : 0.1;
  for (const item of items) { item.x = round(item.x + dx * step); item.y = round(item.y + dy * step); }
  return true;
}

form.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button || button.type === "submit") return;
  if (button.dataset.host) place(button.dataset.host);
  const action = button.dataset.action;
  if (action === "undo") restore(undoStack, redoStack);
  else if (action === "redo") restore(redoStack, undoStack);
  else if (action === "select-row") selectRow();
  else if (action === "select-island") selectIsland();
  else if (action === "rotate") rotate(Number(button.dataset.angle));
  else if (action === "add") addShape(button.dataset.kind);
  else if (action === "delete") remove();
  draw();
});

clusterChoice.addEventListener("change", () => {
  cluster = doc.clusters.find((c) => c.name === clusterChoice.value);
  selection.clear();
  draw();
});

document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, select, textarea")) return;
  const key = event.key.toLowerCase();
  if ((event.ctrlKey || event.metaKey) && key === "z") restore(...(event.shiftKey ? [redoStack, undoStack] : [undoStack, redoStack]));
  else if ((event.ctrlKey || event.metaKey) && key === "y") restore(redoStack, undoStack);
  else if (event.target !== svg) return;
  else if (key === "delete" || key === "backspace") remove();
  else if (key === "r") rotate(event.shiftKey ? -90 : 90);
  else if (key.startsWith("arrow")) {
    const moves = { arrowleft: [-1, 0], arrowright: [1, 0], arrowup: [0, -1], arrowdown: [0, 1] };
    if (!nudge(...moves[key])) return;
  } else return;
  event.preventDefault();
  draw();
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  status.textContent = "…";
  try {
    const response = await fetch(form.dataset.saveUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json",
                 "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value },
      body: JSON.stringify({ base: data.base, document: doc }),
    });
    const answer = await response.json();
    if (!response.ok) { status.textContent = answer.error; status.classList.add("warning"); return; }
    // The page comes back with the new version in its list, on the cluster being drawn.
    location.assign(`${location.pathname}?cluster=${encodeURIComponent(cluster.name)}`);
  } catch (error) {
    status.textContent = String(error);
    status.classList.add("warning");
  }
});

draw();
