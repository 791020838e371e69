// The workspace's own script: keyboard shortcuts, live updates, confirmations. Every page works
// without it; it only saves keystrokes and reloads.
"use strict";

(function () {
  const typing = (el) =>
    el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

  // Lists: j/k move the selection among [data-item]s of the first [data-list], o/Enter open it.
  let selected = -1;
  const items = () => Array.from(document.querySelectorAll("[data-list] [data-item]"));
  function select(index) {
    const all = items();
    if (!all.length) return;
    selected = Math.max(0, Math.min(all.length - 1, index));
    all.forEach((el, i) => el.setAttribute("aria-selected", String(i === selected)));
    const link = all[selected].querySelector("a[href]");
    (link || all[selected]).focus();
    all[selected].scrollIntoView({ block: "nearest" });
  }
  function open() {
    const item = items()[selected];
    const link = item && item.querySelector("a[href]");
    if (link) window.location.assign(link.href);
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const dialog = document.getElementById("shortcuts");
    if (event.key === "/") {
      const search = document.querySelector("[data-search]");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
    } else if (event.key === "j") { select(selected + 1);
    } else if (event.key === "k") { select(selected < 0 ? 0 : selected - 1);
    } else if (event.key === "o") { open();
    } else if (event.key === "?") { if (dialog && !dialog.open) dialog.showModal(); }
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-shortcuts]");
    const dialog = document.getElementById("shortcuts");
    if (button && dialog) dialog.showModal();
    if (event.target.closest("[data-print]")) window.print();
  });
  // A print button needs this script: without it the page says to print from the browser.
  document.querySelectorAll("[data-print]").forEach((button) => { button.hidden = false; });

  // Forms that say what they will do ask first (the server asks nothing: it checks).
  document.addEventListener("submit", (event) => {
    const question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // As they type: an input with data-as-you-type="ID" sends its GET form shortly after each
  // change and swaps in the answer's element ID (the results); Enter still sends the form.
  document.querySelectorAll("[data-as-you-type]").forEach((input) => {
    let timer = null;
    async function look() {
      const url = new URL(input.form.action);
      new FormData(input.form).forEach((value, name) => url.searchParams.set(name, value));
      const answer = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (!answer.ok) return;
      const id = input.getAttribute("data-as-you-type");
      const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
      const next = fresh.getElementById(id);
      const here = document.getElementById(id);
      if (next && here) here.innerHTML = next.innerHTML;
      window.history.replaceState(null, "", url);
    }
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => look().catch(() => {}), 250);
    });
  });

  // Live: when the log moves on, fetch this page again once its read models have caught up
  // (min_position) and swap in each [data-live] part that changed. A page shown in answer to a
  // form names its own address (rel=canonical): that is the one fetched.
  const regions = () => Array.from(document.querySelectorAll("[data-live][id]"));
  if (!regions().length || !window.EventSource) return;
  let first = true;
  let fetching = null;
  const status = document.getElementById("live-status");

  async function refresh(position) {
    const canonical = document.querySelector("link[rel=canonical]");
    const url = new URL(canonical ? canonical.href : window.location.href);
    url.searchParams.set("min_position", position);
    const answer = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
    if (!answer.ok) return;
    const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
    let changed = 0;
    for (const region of regions()) {
      const next = fresh.getElementById(region.id);
      if (next && next.innerHTML !== region.innerHTML && !region.contains(document.activeElement)) {
        region.innerHTML = next.innerHTML;
        changed += 1;
      }
    }
    if (changed) {
      if (selected >= 0) select(selected);
      if (status) status.textContent = "Updated " + new Date().toLocaleTimeString();
      document.dispatchEvent(new CustomEvent("aftersales:updated"));
    }
  }

  // A page may name a stream of its own (a ticket's public status page follows its ticket).
  const stream = new EventSource(document.body.dataset.liveStream || "/live");
  stream.addEventListener("signed-out", () => stream.close());
  stream.onmessage = (event) => {
    if (first) { first = false; return; }
    fetching = (fetching || Promise.resolve()).then(() => refresh(event.data)).catch(() => {});
  };
})();
