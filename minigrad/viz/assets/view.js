// The explorable graph view. DATA (set by the page) holds one pre-rendered SVG per view (a
// set of expanded modules), what each box of a view stands for, and each tensor's stats.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("mg-data").textContent);
  const stage = document.getElementById("mg-stage");
  const tip = document.getElementById("mg-tip");
  const crumbs = document.getElementById("mg-crumbs");
  const search = document.getElementById("mg-search");
  const results = document.getElementById("mg-results");
  let view = null, svg = null, box = null, full = null;

  function esc(s) {
    return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  }

  function show(key, focus) {
    view = data.views[key];
    tip.style.display = "none";
    stage.innerHTML = view.svg;
    svg = stage.querySelector("svg");
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    full = fitted(svg.getAttribute("viewBox").split(/[ ,]+/).map(Number));
    box = full.slice();
    for (const g of svg.querySelectorAll("g.node")) {
      const id = g.querySelector("title").textContent;
      g.dataset.box = id;
      g.addEventListener("mousemove", (e) => tooltip(e, id));
      g.addEventListener("mouseleave", () => (tip.style.display = "none"));
      if (view.expand[id] !== undefined) g.addEventListener("click", () => show(view.expand[id], null));
    }
    for (const g of svg.querySelectorAll("g.cluster")) {
      const id = g.querySelector("title").textContent;
      const target = view.collapse[id];
      if (target === undefined) continue;
      for (const t of g.querySelectorAll(":scope > text")) {
        t.addEventListener("click", () => show(target, null));
        t.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "title")).textContent =
          "click to collapse this module";
      }
    }
    crumbs.innerHTML = view.path.length
      ? "expanded: " + view.path.map((p) => `<a data-view="${p[1]}">${esc(p[0])}</a>`).join(" › ")
      : "";
    for (const a of crumbs.querySelectorAll("a")) a.addEventListener("click", () => show(a.dataset.view, null));
    if (focus) highlight(focus);
    apply();
  }

  // The whole graph, never drawn larger than its natural size (1 pt = 4/3 px): a small
  // graph stays small and at the top, a big one is shrunk to fit.
  function fitted(b) {
    const w = Math.max(b[2], (stage.clientWidth * 3) / 4), h = Math.max(b[3], (stage.clientHeight * 3) / 4);
    return [b[0] - (w - b[2]) / 2, b[1], w, h];
  }

  function apply() { svg.setAttribute("viewBox", box.join(" ")); }

  function highlight(id) {
    for (const g of svg.querySelectorAll("g.mg-hit")) g.classList.remove("mg-hit");
    const g = svg.querySelector(`g.node[data-box="${id}"]`);
    if (!g) return;
    g.classList.add("mg-hit");
    const b = g.getBBox();
    const w = Math.max(b.width * 6, full[2] / 8), h = (w * stage.clientHeight) / Math.max(stage.clientWidth, 1);
    box = [b.x + b.width / 2 - w / 2, b.y + b.height / 2 - h / 2, w, h];
  }

  function statsRows(name, s) {
    if (!s) return "";
    if (s.freed) return `<tr><td>${name}</td><td class="hint">freed by backward()</td></tr>`;
    const bad = s.nan || s.inf ? ` <span class="bad">NaN ×${s.nan} Inf ×${s.inf}</span>` : "";
    let rows = `<tr><td><b>${name}</b></td><td>mean ${s.mean} · std ${s.std}${bad}</td></tr>` +
      `<tr><td></td><td>min ${s.min} · max ${s.max} · norm ${s.norm}</td></tr>`;
    if (s.hist && s.hist.length) {
      const top = Math.max(...s.hist, 1), bw = 8;
      const bars = s.hist.map((c, i) =>
        `<rect x="${i * bw}" y="${30 - (28 * c) / top}" width="${bw - 1}" height="${(28 * c) / top}" fill="#64748b"/>`).join("");
      rows += `<tr><td></td><td><svg class="hist" width="${s.hist.length * bw}" height="30">${bars}</svg></td></tr>`;
    }
    return rows;
  }

  function tooltip(e, id) {
    const info = view.boxes[id];
    if (info === undefined) return;
    let body;
    if (typeof info === "number") {
      const n = data.nodes[info];
      body = `<h4>${esc(n.title)}</h4><table>` +
        `<tr><td>shape</td><td>${esc(n.shape)}</td></tr><tr><td>dtype</td><td>${esc(n.dtype)}</td></tr>` +
        (n.module ? `<tr><td>module</td><td>${esc(n.module)}</td></tr>` : "") +
        statsRows("value", n.value) + statsRows("grad", n.grad) + "</table>";
    } else {
      body = `<h4>${esc(info.title)}</h4><div>${esc(info.text)}</div>` +
        (view.expand[id] !== undefined ? '<div class="hint">click to expand</div>' : "");
    }
    tip.innerHTML = body;
    tip.style.display = "block";
    const r = stage.getBoundingClientRect();
    tip.style.left = Math.min(e.clientX - r.left + 14, r.width - tip.offsetWidth - 4) + "px";
    tip.style.top = Math.min(e.clientY - r.top + 14, r.height - tip.offsetHeight - 4) + stage.offsetTop + "px";
  }

  // Pan by dragging, zoom with the wheel around the pointer.
  let drag = null;
  stage.addEventListener("mousedown", (e) => { drag = [e.clientX, e.clientY, box[0], box[1]]; stage.classList.add("dragging"); });
  window.addEventListener("mouseup", () => { drag = null; stage.classList.remove("dragging"); });
  window.addEventListener("mousemove", (e) => {
    if (!drag) return;
    const k = box[2] / stage.clientWidth;
    box[0] = drag[2] - (e.clientX - drag[0]) * k;
    box[1] = drag[3] - (e.clientY - drag[1]) * k;
    apply();
  });
  function zoom(f, cx, cy) {
    const x = box[0] + box[2] * cx, y = box[1] + box[3] * cy;
    box = [x - (x - box[0]) * f, y - (y - box[1]) * f, box[2] * f, box[3] * f];
    apply();
  }
  stage.addEventListener("wheel", (e) => {
    e.preventDefault();
    const r = stage.getBoundingClientRect();
    zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
  }, { passive: false });
  document.getElementById("mg-in").addEventListener("click", () => zoom(1 / 1.3, 0.5, 0.5));
  document.getElementById("mg-out").addEventListener("click", () => zoom(1.3, 0.5, 0.5));
  document.getElementById("mg-fit").addEventListener("click", () => { box = full.slice(); apply(); });
  document.getElementById("mg-top").addEventListener("click", () => show(data.top, null));

  // Search the names of tensors, ops and modules; a hit opens the view that shows it.
  search.addEventListener("input", () => {
    const q = search.value.trim().toLowerCase();
    if (!q) { results.style.display = "none"; return; }
    const hits = data.nodes.map((n, i) => [n, i]).filter(([n]) => n.search.includes(q)).slice(0, 40);
    results.innerHTML = hits.length
      ? hits.map(([n, i]) => `<div data-node="${i}">${esc(n.title)} <small>${esc(n.module || "")}</small></div>`).join("")
      : "<div>no match</div>";
    results.style.display = "block";
    for (const d of results.querySelectorAll("div[data-node]")) {
      d.addEventListener("click", () => {
        const n = data.nodes[Number(d.dataset.node)];
        results.style.display = "none";
        show(n.view, n.box);
      });
    }
  });
  show(data.top, null);
})();
