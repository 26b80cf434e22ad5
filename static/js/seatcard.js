// The seat card: who sits at a seat, since when and for how long, and its note, shown beside the seat
// while the pointer rests on it or while it has the keyboard's focus (then Escape hides it). The seated
// person's picture, when the seat carries one (only where logins are shown), is loaded by the browser
// straight from the intra's host; the login beside it says who it is, so the image itself is decoration.
export function attachSeatCard(plan, card) {
  let shown = null;

  function row(term, value) {
    const line = document.createElement("div");
    const dt = document.createElement("dt");
    const dd = document.createElement("dd");
    dt.textContent = term;
    dd.textContent = value;
    line.append(dt, dd);
    return line;
  }

  function show(node) {
    const seat = plan.dataOf(node);
    if (!seat) return;
    const labels = plan.labels;
    const title = document.createElement("strong");
    title.textContent = seat.host;
    const facts = document.createElement("dl");
    facts.append(row(labels.seat || "seat", labels[seat.state] || seat.state));
    if (seat.login) facts.append(row(labels.login || "login", seat.login));
    if (seat.since) facts.append(row(labels.since || "since", plan.since(seat).long));
    if (node.classList.contains("long")) {
      facts.append(row("!", (labels.long || "%s h").replace("%s", labels.long_session_hours)));
    }
    if (seat.note) facts.append(row(labels.note || "note", seat.note));
    card.replaceChildren(title, facts);
    if (seat.avatar) {
      const picture = document.createElement("img");
      picture.className = "avatar";
      picture.alt = "";
      picture.referrerPolicy = "no-referrer";
      picture.src = seat.avatar;
      card.prepend(picture);
    }
    card.hidden = false;
    const box = node.getBoundingClientRect();
    const left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth
                          - card.offsetWidth - 8);
    card.style.left = `${Math.max(window.scrollX + 4, left)}px`;
    card.style.top = `${window.scrollY + box.bottom + 6}px`;
    node.setAttribute("aria-describedby", card.id);
    shown = node;
  }

  function hide() {
    if (shown) shown.removeAttribute("aria-describedby");
    card.hidden = true;
    shown = null;
  }

  const seatOf = (event) => event.target.closest?.(".seat");
  plan.svg.addEventListener("pointerover", (event) => { const node = seatOf(event); if (node) show(node); });
  plan.svg.addEventListener("pointerleave", hide);
  plan.svg.addEventListener("focusin", (event) => { const node = seatOf(event); if (node) show(node); });
  plan.svg.addEventListener("focusout", hide);
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") hide(); });
  // After an update the card says what the seat says now.
  return () => { if (shown) show(shown); };
}
