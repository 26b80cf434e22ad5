// The search box suggests logins while one types: the top ones beginning with the text, those seated now first.
const input = document.getElementById("search-login");
const list = document.getElementById(input?.getAttribute("list") ?? "");
const WAIT_MS = 150;
let timer = null;
let asked = "";

async function suggest() {
  const text = input.value.trim();
  if (text.length < 2 || text === asked) return;
  asked = text;
  try {
    const response = await fetch(`${input.dataset.suggestUrl}?login=${encodeURIComponent(text)}`,
                                 { credentials: "same-origin" });
    if (!response.ok || text !== input.value.trim()) return;  // a newer keystroke has its own answer coming
    const { suggestions } = await response.json();
    list.replaceChildren(...suggestions.map(({ login, seat }) => Object.assign(document.createElement("option"), {
      value: login, label: seat ? `${login} · ${seat}` : login,
    })));
  } catch (error) { /* no suggestions while the server is away; the search itself still works */ }
}

if (input && list) {
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(suggest, WAIT_MS); });
}
