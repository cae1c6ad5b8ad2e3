/* Progressive enhancement for the countdowns the server renders ("Closes in 3 days"):
   during the last day they become a live clock. Pages are complete without this script.
   The server provides the translated templates in data-countdown-live ("%(time)s left")
   and data-countdown-over ("Closed"). The text is not a live region, so screen readers are
   not interrupted every second. Clocks are looked up at every tick: a live page (static/js/live.js)
   replaces them when a new phase starts. */
(function () {
  "use strict";
  var DAY = 24 * 60 * 60 * 1000;
  if (!document.querySelector("time[data-countdown], [data-live-refresh]")) {
    return;
  }
  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }
  function tick() {
    var now = Date.now();
    Array.prototype.forEach.call(document.querySelectorAll("time[data-countdown]"), function (clock) {
      var left = Date.parse(clock.getAttribute("datetime")) - now;
      if (isNaN(left) || left >= DAY) {
        return;
      }
      if (left <= 0) {
        clock.textContent = clock.dataset.countdownOver;
        return;
      }
      var seconds = Math.floor(left / 1000);
      var time = pad(Math.floor(seconds / 3600)) + ":" + pad(Math.floor((seconds % 3600) / 60)) + ":" + pad(seconds % 60);
      clock.textContent = clock.dataset.countdownLive.replace("%(time)s", time);
    });
  }
  tick();
  window.setInterval(tick, 1000);
})();
