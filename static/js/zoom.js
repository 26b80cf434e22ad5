// Zoom and pan of a floor plan: pinch with two fingers, Ctrl and the wheel, or the +, − and whole-plan
// buttons; while zoomed in, one finger or the mouse drags the plan about. The page never scrolls sideways.
const MAX_ZOOM = 8;
const STEP = 1.5;

export function attachZoom(plan, buttons) {
  const svg = plan.svg;
  const pointers = new Map();  // pointerId -> last client position
  let dragged = 0;

  const toPlan = (x, y) => new DOMPoint(x, y).matrixTransform(svg.getScreenCTM().inverse());
  const shown = () => plan.view || plan.cluster.bounds;

  function show([x, y, w]) {
    const [fx, fy, fw, fh] = plan.cluster.bounds;
    const width = Math.min(fw, Math.max(fw / MAX_ZOOM, w));
    const height = (width * fh) / fw;
    const left = Math.min(Math.max(x, fx), fx + fw - width);
    const top = Math.min(Math.max(y, fy), fy + fh - height);
    plan.setView(width >= fw * 0.999 ? null : [left, top, width, height]);
    svg.classList.toggle("zoomed", Boolean(plan.view));
  }

  function zoomAt(factor, point) {
    const [x, y, w, h] = shown();
    show([point.x - (point.x - x) / factor, point.y - (point.y - y) / factor, w / factor, h / factor]);
  }

  function middle() {
    const [x, y, w, h] = shown();
    return { x: x + w / 2, y: y + h / 2 };
  }

  svg.addEventListener("wheel", (event) => {
    if (!event.ctrlKey) return;  // a plain wheel scrolls the page as usual
    event.preventDefault();
    zoomAt(event.deltaY < 0 ? 1.2 : 1 / 1.2, toPlan(event.clientX, event.clientY));
  }, { passive: false });

  svg.addEventListener("pointerdown", (event) => {
    if (event.pointerType !== "mouse" || plan.view) pointers.set(event.pointerId, [event.clientX, event.clientY]);
    dragged = 0;
  });
  svg.addEventListener("pointermove", (event) => {
    const before = pointers.get(event.pointerId);
    if (!before) return;
    const others = [...pointers].filter(([id]) => id !== event.pointerId).map(([, at]) => at);
    const now = [event.clientX, event.clientY];
    if (others.length === 1) {  // a pinch: the distance between the fingers scales the plan around them
      const [ox, oy] = others[0];
      const factor = Math.hypot(now[0] - ox, now[1] - oy) / Math.max(1, Math.hypot(before[0] - ox, before[1] - oy));
      zoomAt(factor, toPlan((now[0] + ox) / 2, (now[1] + oy) / 2));
    } else if (others.length === 0 && plan.view) {
      const from = toPlan(...before);
      const to = toPlan(...now);
      const [x, y, w, h] = plan.view;
      show([x + from.x - to.x, y + from.y - to.y, w, h]);
    }
    dragged += Math.abs(now[0] - before[0]) + Math.abs(now[1] - before[1]);
    pointers.set(event.pointerId, now);
  });
  for (const type of ["pointerup", "pointercancel", "pointerleave"]) {
    svg.addEventListener(type, (event) => pointers.delete(event.pointerId));
  }
  // A drag that moved the plan does not also open the seat it began on.
  svg.addEventListener("click", (event) => { if (dragged > 6) event.preventDefault(); }, true);

  buttons.addEventListener("click", (event) => {
    const action = event.target.closest("[data-zoom]")?.dataset.zoom;
    if (action === "in") zoomAt(STEP, middle());
    else if (action === "out") zoomAt(1 / STEP, middle());
    else if (action === "all") show(plan.cluster.bounds);
  });
}
