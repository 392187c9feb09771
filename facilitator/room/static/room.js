// The room view: fills the page from the server's stream of the room's model.
// Every piece of data goes in with textContent or createTextNode, never as HTML.
"use strict";

const TAGS = new Set(
  ("p h1 h2 h3 h4 h5 h6 ul ol li blockquote pre code em strong s hr br " +
    "table thead tbody tr th td img span").split(" ")
);
const body = document.body;
const token = body.dataset.token;
const query = token ? "?token=" + encodeURIComponent(token) : "";
const $ = (id) => document.getElementById(id);

let model = null;
let shownStage = ""; // what the stage and the agenda were built from: built again only when it changes
let shownAgenda = "";
let offset = 0; // the server's clock minus this browser's, in seconds, at the last message
let received = 0;
let stageSize = ""; // the stage's inner size ("1280x620"), as last laid out: read again only
// when it may have changed (a resize, the message's row), so that showing a slide takes
// one layout, not one to read the size and one more for the type size
let shownNext = null; // the text #next was fitted for: fitted again only when it changes
const clockView = body.dataset.view === "clock"; // the venue's clock is on screen only there

function serverNow() {
  return Date.now() / 1000 + offset;
}

function build(node) {
  if (typeof node === "string") return document.createTextNode(node);
  const [tag, attrs, children] = node;
  if (!TAGS.has(tag)) return document.createTextNode("");
  const el = document.createElement(tag);
  if (tag === "img") {
    const src = String(attrs.src || "");
    if (src.startsWith("media/")) {
      el.addEventListener("load", imageLoaded, { once: true });
      el.src = "/" + src + query;
    }
    el.alt = String(attrs.alt || "");
  }
  for (const child of children) el.appendChild(build(child));
  return el;
}

function text(id, value) {
  // true if it changed
  const el = $(id);
  if (el.textContent === value) return false;
  el.textContent = value;
  return true;
}

const fitted = new Map(); // (what the stage shows, its box) -> the type size that fitted
const FITTED_KEEP = 64;

function overflows(box) {
  // the box's own scroll size: its padding and the slide's outer margins count, which the
  // slide's scrollHeight against the box's clientHeight left out (a last line was cut)
  return box.scrollHeight > box.clientHeight || box.scrollWidth > box.clientWidth;
}

function measure() {
  // the stage's size now (a layout if anything changed since the last one)
  const stage = $("stage");
  stageSize = stage.clientWidth + "x" + stage.clientHeight;
  return stageSize;
}

function fit(box, inner, key) {
  // the largest type (up to the view's own size) at which the slide fits its box: a
  // halving search (about 8 layouts, not one per 8 % step), remembered per slide and box
  // size, so a slide seen again is given its size without any layout in between
  const where = key + "|" + (stageSize || measure());
  const known = fitted.get(where);
  if (known !== undefined) {
    inner.style.fontSize = known;
    return;
  }
  inner.style.fontSize = "";
  const full = parseFloat(getComputedStyle(inner).fontSize);
  const sized = key + "|" + measure(); // the layout the search needs first: the size as it is
  let size = "";
  if (overflows(box)) {
    let lo = 10, hi = full; // lo fits (or is the floor), hi does not
    while (hi - lo > 0.5) {
      const mid = (lo + hi) / 2;
      inner.style.fontSize = mid + "px";
      if (overflows(box)) hi = mid; else lo = mid;
    }
    size = lo + "px";
    inner.style.fontSize = size;
  }
  const images = inner.getElementsByTagName("img");
  if (Array.from(images).some((image) => !image.complete)) return; // fitted again once loaded
  if (fitted.size >= FITTED_KEEP) fitted.delete(fitted.keys().next().value);
  fitted.set(sized, size);
}

function fitLine(el) {
  // a one-line text (what is next, and when) in smaller type rather than cut: its end
  // is the time; cut with "..." only below two thirds of the size
  el.style.fontSize = "";
  const full = parseFloat(getComputedStyle(el).fontSize);
  let size = full;
  while (size > full * 0.66 && el.scrollWidth > el.clientWidth) {
    size *= 0.94;
    el.style.fontSize = size + "px";
  }
}

function fitStage() {
  // a slide shown step by step takes the type size at which the whole slide fits, so
  // the type stays the same as its steps appear
  const content = $("content");
  const room = body.classList.contains("has-message") ? "m" : "";
  if (model && model.whole && model.whole.length) {
    const key = room + JSON.stringify([model.session, model.whole]);
    if (!fitted.has(key + "|" + (stageSize || measure()))) {
      const shown = Array.from(content.childNodes);
      content.replaceChildren(...model.whole.map(build));
      fit($("stage"), content, key);
      content.replaceChildren(...shown);
    } else {
      fit($("stage"), content, key);
    }
  } else {
    fit($("stage"), content, room + shownStage);
  }
}

let refit = 0;
function imageLoaded() {
  // an image's size is known only once it loaded: the fit is done again then (once per
  // frame however many images came); a fit with an image still loading is not remembered
  if (!refit) refit = requestAnimationFrame(() => { refit = 0; if (model) fitStage(); });
}

function renderStage(m) {
  const content = $("content");
  const nodes = [];
  if (m.view === "question") {
    const q = document.createElement("p");
    q.className = "question";
    q.textContent = m.body;
    nodes.push(q);
    if (m.answers.length) {
      const list = document.createElement("ul");
      list.className = "answers";
      for (const [group, words] of m.answers) {
        const li = document.createElement("li");
        const who = document.createElement("strong");
        who.textContent = group;
        li.append(who, " " + words);
        list.appendChild(li);
      }
      nodes.push(list);
    }
  } else if (m.view === "summary") {
    const list = document.createElement("ol");
    list.className = "questions";
    for (const question of m.questions) {
      const li = document.createElement("li");
      li.textContent = question;
      list.appendChild(li);
    }
    nodes.push(list);
  } else {
    for (const node of m.tree) nodes.push(build(node));
  }
  content.replaceChildren(...nodes);
  body.classList.toggle("card", m.view === "card");
  body.classList.toggle("round", m.view === "question" || m.view === "summary");
  fitStage();
}

function renderAgenda(a) {
  text("agenda-title", a.title);
  text("agenda-subtitle", a.subtitle);
  const rows = a.rows.map((row) => {
    const li = document.createElement("li");
    li.className = "status-" + row.status + (row.over ? " over" : "");
    const time = document.createElement("span");
    time.className = "time";
    if (row.projected) {
      const was = document.createElement("s");
      was.textContent = row.planned;
      time.append(was, " " + row.projected);
    } else {
      time.textContent = row.planned;
    }
    const title = document.createElement("span");
    title.className = "what";
    title.textContent = row.title;
    li.append(time, title);
    return li;
  });
  $("agenda-rows").replaceChildren(...rows);
  fitAgenda();
}

function fitAgenda() {
  // the whole day on screen: its type (the day's title with the rows) shrinks until the
  // last row fits (a day of twelve sessions was cut under the footer); the agenda
  // changes seldom, so no cache
  const box = $("agenda");
  box.style.fontSize = "";
  if (!box.clientHeight || !overflows(box)) return; // not on screen (another view), or fits
  let lo = 8, hi = parseFloat(getComputedStyle(box).fontSize);
  while (hi - lo > 0.5) {
    const mid = (lo + hi) / 2;
    box.style.fontSize = mid + "px";
    if (overflows(box)) hi = mid; else lo = mid;
  }
  box.style.fontSize = lo + "px";
}

function two(n) {
  return String(n).padStart(2, "0");
}

function clockText(seconds) {
  // as the app's timer (live/events.py format_clock): MM:SS, H:MM:SS, + when over
  const sign = seconds < 0 ? "+" : "";
  const whole = Math.trunc(Math.abs(seconds));
  const h = Math.floor(whole / 3600), m = Math.floor((whole % 3600) / 60), r = whole % 60;
  return sign + (h ? h + ":" + two(m) : two(m)) + ":" + two(r);
}

function tick() {
  if (!model) return;
  const t = model.timer;
  let state = t.state;
  if (t.state !== "idle") {
    const left = t.running ? t.ends_at - serverNow() : t.remaining;
    state = left < 0 ? "over" : left <= t.warn_seconds ? "warn" : "ok";
    text("timer-digits", clockText(left));
  } else {
    text("timer-digits", "--:--");
  }
  const classes = state + (t.running || t.state === "idle" ? "" : " paused");
  const el = $("timer");
  if (el.className !== classes) el.className = classes;
  if (clockView) {
    const venue = new Date((serverNow() + model.utc_offset) * 1000);
    text("clock", two(venue.getUTCHours()) + ":" + two(venue.getUTCMinutes()) + ":" +
         two(venue.getUTCSeconds()));
  }
  schedule();
}

let wake = 0;
const LATE = 0.015; // s after a figure's change that the page wakes, to be past it

function schedule() {
  // the next wake: when a figure on screen changes (the timer's seconds, the clock's on
  // /clock), not every frame nor on a fast interval; what it shows then is worked out from
  // the state's times and the clock as they are then, so a late wake does not drift
  clearTimeout(wake);
  wake = 0;
  const t = model.timer;
  const now = serverNow();
  let next = Infinity;
  if (t.state !== "idle" && t.running) {
    const left = t.ends_at - now; // the digits, the amber and the red change as it passes a whole second
    next = left - Math.floor(left);
  }
  if (clockView) {
    const venue = now + model.utc_offset;
    next = Math.min(next, Math.floor(venue) + 1 - venue);
  }
  if (next !== Infinity) wake = setTimeout(tick, (next + LATE) * 1000);
}

function render(m) {
  const first = !model;
  model = m;
  if (document.title !== m.workshop) document.title = m.workshop;
  const header = text("title", m.title); // a new title may take two lines
  text("caption", m.caption);
  const label = text("timer-label", m.timer.state === "idle" ? m.timer.label : m.timer.title);
  const next = m.timer.state === "idle" ? "" : m.next;
  text("next", next);
  if (next !== shownNext || label) { // what is next, or the room the label leaves it, changed
    shownNext = next;
    fitLine($("next"));
  }
  const message = text("message", m.message);
  body.classList.toggle("blackout", m.blackout);
  const stage = JSON.stringify([m.view, m.session, m.body, m.tree, m.whole, m.answers, m.questions]);
  body.classList.toggle("has-message", m.message !== ""); // the message's row takes room
  if (stage !== shownStage) {
    shownStage = stage;
    if (first || header || message) measure();
    renderStage(m);
  } else if (header || message) {
    measure(); // the message's row came, went or changed: the stage may be another size
    fitStage();
  }
  const agenda = JSON.stringify(m.agenda);
  if (agenda !== shownAgenda) {
    shownAgenda = agenda;
    renderAgenda(m.agenda);
  }
  tick();
  body.dataset.rendered = String(Number(body.dataset.rendered || 0) + 1);
}

function connect() {
  const source = new EventSource("/events" + query);
  source.onopen = () => {
    text("link", "");
    body.classList.remove("lost");
  };
  source.onmessage = (event) => {
    const message = JSON.parse(event.data);
    received = Date.now() / 1000;
    offset = message.now - received;
    render(message.model);
  };
  source.onerror = () => {
    // EventSource connects again by itself
    text("link", body.dataset.lost);
    body.classList.add("lost");
  };
}

window.addEventListener("resize", () => {
  measure();
  if (model) fitStage();
  fitLine($("next"));
});
// the stage is sized by the page around it (contain: size in room.css), never by the slide:
// anything else that changes its size (a message or a title on two lines) is seen here,
// after a layout, and the slide fitted again for the new size
new ResizeObserver(() => {
  const was = stageSize;
  if (measure() !== was && model) fitStage();
}).observe($("stage"));
new ResizeObserver(fitAgenda).observe($("agenda")); // a resize, a message's row, a title
connect();
