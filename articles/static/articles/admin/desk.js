// The editors' desk: small helpers for the article form.
"use strict";
(function () {
  function characterCount(field) {
    const limit = parseInt(field.dataset.characterCount, 10);
    const counter = document.createElement("div");
    counter.className = "desk-character-count help";
    counter.setAttribute("aria-live", "polite");
    const help = field.closest(".form-row") && field.closest(".form-row").querySelector(".help");
    if (help) {
      help.insertAdjacentElement("beforebegin", counter);
    } else {
      field.insertAdjacentElement("afterend", counter);
    }
    function update() {
      const used = field.value.length;
      counter.textContent = used + " / " + limit + " characters" + (used > limit * 0.9 ? " — nearly full" : "");
      counter.classList.toggle("desk-near-limit", used > limit * 0.9);
    }
    field.addEventListener("input", update);
    update();
  }
  function ready() {
    document.querySelectorAll("textarea[data-character-count]").forEach(characterCount);
    document.querySelectorAll("button[data-confirm]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.confirm(button.dataset.confirm)) {
          event.preventDefault();
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
