// The import page: pasted text over the size limit is caught before it is sent, so the
// text stays in the box with the reason beside it (the server could only refuse it).
(function () {
  "use strict";
  const form = document.getElementById("import-one");
  const text = document.getElementById("id_text");
  const note = document.getElementById("import-too-big");
  if (!form || !text || !note) return;
  const limit = Number(form.dataset.maxBytes);
  form.addEventListener("submit", function (event) {
    const size = new Blob([text.value]).size;  // UTF-8 bytes, as the server counts
    if (!limit || size <= limit) {
      note.hidden = true;
      return;
    }
    event.preventDefault();
    note.textContent = "The pasted text is " + (size / 1048576).toFixed(1) + " MB; the limit is " +
      (limit / 1048576).toFixed(0) + " MB. Nothing was sent and your text is still here: " +
      "shorten it, or save it as a file and import it as a batch.";
    note.hidden = false;
    text.focus();
  });
})();
