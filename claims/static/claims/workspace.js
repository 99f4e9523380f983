// The workspace says, as the editor types, what submitting still needs (the server checks
// it again on submit: claims.services.claim_submit).
(function () {
  "use strict";
  const form = document.getElementById("ws-form");
  const needs = document.getElementById("ws-needs");
  if (!form || !needs) return;
  function value(name) {
    const field = form.elements[name];
    return field ? field.value.trim() : "";
  }
  function update() {
    const missing = [];
    if (form.elements.rating && !value("rating")) missing.push("a rating");
    if (form.elements.summary && !value("summary")) missing.push("a summary");
    const cited = Number(needs.dataset.citations) > 0 ||
      value("cite_article") || value("cite_url") || value("cite_title");
    if (!cited) missing.push("at least one citation");
    needs.textContent = missing.length
      ? "Before submitting, this still needs: " + missing.join(", ") + "."
      : "Ready for review: rating, summary and a citation are there.";
    needs.classList.toggle("ws-ready", missing.length === 0);
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
})();
