/* Progressive enhancement of the "similar proposals" panel: while people type the title or the
   summary, the list is asked again of the server (an HTML fragment) 400 ms after the last key,
   and an older request still on its way is cancelled. The list is an aria-live region, so the
   change is announced politely. Without this script the server-rendered list stays. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-similar-url]");
  var results = panel && panel.querySelector("[aria-live]");
  var fields = ["id_title", "id_summary"].map(function (id) {
    return document.getElementById(id);
  }).filter(Boolean);
  if (!results || !fields.length || !window.fetch || !window.AbortController) {
    return;
  }
  var DELAY = 400;
  var MAX_LENGTH = 800;
  var timer = null;
  var pending = null;
  var last = null;

  function text() {
    return fields.map(function (field) {
      return field.value;
    }).join(" ").trim().slice(0, MAX_LENGTH);
  }

  function refresh() {
    var query = text();
    if (query === last) {
      return;
    }
    last = query;
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var params = new URLSearchParams({ q: query });
    if (panel.dataset.similarExclude) {
      params.set("exclude", panel.dataset.similarExclude);
    }
    fetch(panel.dataset.similarUrl + "?" + params.toString(), {
      signal: pending.signal,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.ok ? response.text() : Promise.reject(response.status);
    }).then(function (html) {
      results.innerHTML = html;
    }).catch(function (error) {
      /* A newer request replaced this one; on a failure the list shown stays and the next
         keystroke tries again. */
      if (!error || error.name !== "AbortError") {
        last = null;
      }
    });
  }

  fields.forEach(function (field) {
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY);
    });
  });
  last = text();
})();
