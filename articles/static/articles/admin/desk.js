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
  // Quote text areas grow with their text: CSS field-sizing where the browser has it,
  // else their height follows their content here.
  const SIZES_ITSELF = window.CSS && CSS.supports && CSS.supports("field-sizing", "content");
  function autosize(field) {
    if (SIZES_ITSELF) {
      return;
    }
    function fit() {
      field.style.height = "auto";
      field.style.height = field.scrollHeight + 2 + "px";
    }
    field.addEventListener("input", fit);
    fit();
  }

  // The story's length as the editor types: the same count as core/reading.py.
  const WORD = /[\p{L}\p{N}]+(?:['\u2019-][\p{L}\p{N}]+)*/gu;
  function readingTime(output) {
    const perMinute = parseInt(output.dataset.wordsPerMinute, 10) || 230;
    const row = document.querySelector(".field-body_html, .field-body");
    if (!row) {
      return;
    }
    function text() {
      const editor = row.querySelector("[contenteditable=true]");
      if (editor) {
        return editor.innerText;
      }
      const field = row.querySelector("textarea");
      return field ? field.value : "";
    }
    function update() {
      const words = (text().match(WORD) || []).length;
      output.textContent = words
        ? words.toLocaleString("en") + " word" + (words === 1 ? "" : "s") + " · about " + Math.ceil(words / perMinute) + " min to read"
        : "No words yet.";
    }
    row.addEventListener("input", update);
    row.addEventListener("keyup", update);
  }

  // The quote list's search filters: picking a speaker, outlet or story filters the list.
  function searchFilter(select) {
    django.jQuery(select).on("change", function () {
      const value = select.value;
      const template = select.dataset.deskFilter;
      if (value) {
        window.location.search = template.replace("__pk__", encodeURIComponent(value));
      }
    });
  }

  function ready() {
    document.querySelectorAll(".desk-quote .field-text textarea").forEach(autosize);
    document.querySelectorAll(".desk-reading").forEach(readingTime);
    if (window.django && django.jQuery) {
      document.querySelectorAll("select[data-desk-filter]").forEach(searchFilter);
    }
    document.addEventListener("formset:added", function (event) {
      event.target.querySelectorAll(".field-text textarea").forEach(autosize);
    });
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
