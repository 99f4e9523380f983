// The annotate page: a selection in the article body becomes a prefilled claim form.
// Offsets are counted in the body's text, which the page renders character for character.
// The server counts code points (Python's str); the DOM counts UTF-16 units, so an emoji or
// a CJK extension character is two units here and one there: convert before sending.
(function () {
  "use strict";
  const text = document.querySelector("#article-text .article-body");
  const form = document.getElementById("claim-form");
  if (!text || !form) return;
  const error = document.getElementById("claim-error");
  const fields = ["start", "end", "statement", "entity_id", "locality", "measure_id", "event",
    "value_low", "value_high",
    "unit", "hedge", "event_start", "event_end", "event_granularity", "scope_start", "scope_end"];

  function offsetOf(node, offset) {  // in UTF-16 units, as the DOM counts
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function codePoints(string) {  // the string's length as the server counts it
    let count = 0;
    for (const _ of string) count++;  // iterating a string yields code points
    return count;
  }

  function set(name, value) {
    const input = document.getElementById("id_" + name);
    if (input) input.value = value === null || value === undefined ? "" : value;
  }

  async function propose() {
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    const body = text.textContent;
    let start = offsetOf(range.startContainer, range.startOffset);
    let end = offsetOf(range.endContainer, range.endOffset);
    while (start < end && /\s/.test(body[start])) start++;
    while (end > start && /\s/.test(body[end - 1])) end--;
    if (end <= start) return;
    const from = codePoints(body.slice(0, start));
    const to = from + codePoints(body.slice(start, end));
    const url = form.dataset.proposeUrl + "?start=" + from + "&end=" + to;
    const response = await fetch(url, { credentials: "same-origin" });
    const data = await response.json();
    form.hidden = false;
    if (!response.ok) {
      error.textContent = data.error;
      error.hidden = false;
      return;
    }
    error.hidden = true;
    document.getElementById("claim-exact").textContent = data.exact;
    document.getElementById("claim-reading").textContent = data.reading ? "Read as: " + data.reading : "";
    fields.forEach(function (name) { set(name, ""); });
    set("start", data.start);
    set("end", data.end);
    set("statement", data.statement);
    Object.keys(data.fact).forEach(function (name) { set(name, data.fact[name]); });
    form.dataset.ready = "1";
    document.getElementById("id_statement").focus();
  }

  // A click on an existing highlight (no text selected) opens that claim's workspace.
  const claimUrl = document.getElementById("article-text").dataset.claimUrl;
  text.addEventListener("click", function (event) {
    const mark = event.target.closest("mark.claim");
    const selection = window.getSelection();
    if (!mark || !claimUrl || (selection && !selection.isCollapsed)) return;
    window.location.assign(claimUrl.replace(/0\/$/, mark.dataset.claim + "/"));
  });
  text.addEventListener("mouseup", function () { window.setTimeout(propose, 0); });
  text.addEventListener("keyup", function (event) { if (event.shiftKey) propose(); });
})();
