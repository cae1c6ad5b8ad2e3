/* Live updates over WebSockets, a progressive enhancement: every page renders its current state on the
   server, and this script only brings it up to date.

   Each element with data-live-url (a path such as /ws/challenges/<slug>/) opens one socket to this host.
   Frames are {"id": n, "type": "...", "payload": {...}}, or {"type": "reload"} when the server cannot replay
   all that was missed. The replay starts from data-live-last, the id of the last event the page was rendered
   with: the page shows the current state, so nothing older is asked for again (without the attribute, the first
   connection asks for no replay). The last id seen is then kept in memory: after a close or an error the socket
   reconnects with exponential backoff and full jitter, asking with ?last=<id> for what it missed.
   While the page is hidden or the browser offline nothing is retried; visibilitychange and online resume.

   The socket's state ("connecting", "connected", "offline") is kept in the element's data-live-state, and a
   [data-live-connection] indicator inside it (the big-screen mode) shows it in words, from its data-label-<state>.

   Events go to small renderers registered per type (window.cocreaLive.on(type, render)); elements with
   data-live-refresh="type …" are fetched again from the server when such an event arrives. Text from events
   only ever reaches the page through textContent. */
(function () {
  "use strict";
  if (!window.WebSocket || !window.fetch || !window.DOMParser) {
    return;
  }
  // The server refuses a socket this person may not follow with 4403 (HTTP's 403): retrying would not help.
  var REFUSED = 4403;
  var BASE_DELAY = 1000;
  var MAX_DELAY = 30000;
  // Screens that refresh a section at the same moment would all hit the server at once: spread them.
  var REFRESH_SPREAD = 1500;
  var renderers = {};

  function on(type, render) {
    (renderers[type] = renderers[type] || []).push(render);
  }

  function follow(element) {
    var path = element.dataset.liveUrl;
    var given = element.dataset.liveLast;
    var last = given === undefined || given === "" ? null : Number(given);
    var socket = null;
    var timer = null;
    var attempt = 0;
    var refused = false;
    var indicator = element.querySelector("[data-live-connection]");

    function show(state) {
      element.dataset.liveState = state;
      if (indicator) {
        indicator.dataset.state = state;
        indicator.querySelector("[data-live-connection-label]").textContent = indicator.getAttribute("data-label-" + state);
        indicator.hidden = false;
      }
    }

    function address() {
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      return scheme + window.location.host + path + (last === null ? "" : "?last=" + last);
    }

    function connect() {
      window.clearTimeout(timer);
      timer = null;
      if (socket || refused || document.hidden || navigator.onLine === false) {
        return;
      }
      show("connecting");
      socket = new WebSocket(address());
      socket.onopen = function () {
        attempt = 0;
        show("connected");
      };
      socket.onmessage = function (message) {
        receive(message.data);
      };
      socket.onclose = function (close) {
        socket = null;
        refused = close.code === REFUSED;
        show("offline");
        retry();
      };
    }

    function retry() {
      if (timer || refused || document.hidden || navigator.onLine === false) {
        return; // resumed by visibilitychange or online
      }
      // Full jitter: anywhere up to the exponential ceiling, so clients dropped together come back apart.
      var delay = Math.random() * Math.min(MAX_DELAY, BASE_DELAY * Math.pow(2, attempt));
      attempt += 1;
      timer = window.setTimeout(connect, delay);
    }

    function drop() {
      // An offline socket may take minutes to notice; closing it now makes the return ask for the replay.
      if (socket) {
        socket.onclose = null;
        socket.close();
        socket = null;
      }
      show("offline");
    }

    function resume() {
      attempt = 0;
      connect();
    }

    function receive(text) {
      var event;
      try {
        event = JSON.parse(text);
      } catch (error) {
        return;
      }
      if (event.type === "reload") {
        window.location.reload(); // the reloaded page says where it stands
        return;
      }
      if (typeof event.id === "number") {
        if (last !== null && event.id <= last) {
          return; // already shown: a replay overlapping what the page rendered
        }
        last = event.id;
      }
      (renderers[event.type] || []).forEach(function (render) {
        render(event.payload || {}, element);
      });
    }

    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) {
        resume();
      }
    });
    window.addEventListener("online", resume);
    window.addEventListener("offline", drop);
    connect();
  }

  // Sections refreshed from the server: the page itself is the fragment, rendered in the reader's language.
  var waiting = {};
  var refreshTimer = null;

  function refresh(id) {
    waiting[id] = true;
    if (refreshTimer) {
      return;
    }
    refreshTimer = window.setTimeout(function () {
      var ids = Object.keys(waiting);
      waiting = {};
      refreshTimer = null;
      window.fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          return response.ok ? response.text() : Promise.reject(response.status);
        })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          ids.forEach(function (sectionId) {
            var current = document.getElementById(sectionId);
            var replacement = fresh.getElementById(sectionId);
            if (current && replacement) {
              current.replaceWith(document.importNode(replacement, true));
            }
          });
        })
        .catch(function () {
          /* The section stays as it was; the next event or a reload brings it up to date. */
        });
    }, Math.random() * REFRESH_SPREAD);
  }

  function refreshOn(section) {
    section.dataset.liveRefresh.split(/\s+/).filter(Boolean).forEach(function (type) {
      on(type, function () {
        refresh(section.id);
      });
    });
  }

  // Renderers of the events pages show

  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    if (text !== undefined) {
      element.textContent = text;
    }
    return element;
  }

  function formatMoment(iso, timeZone) {
    var moment = new Date(iso);
    var options = { dateStyle: "long", timeStyle: "short" };
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined, Object.assign({ timeZone: timeZone }, options)).format(moment);
    } catch (error) {
      return moment.toLocaleString();
    }
  }

  // The server's sanitised HTML, parsed inertly and kept as plain paragraphs.
  function paragraphs(html) {
    var body = new DOMParser().parseFromString(html || "", "text/html").body;
    var blocks = Array.prototype.slice.call(body.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6, pre, blockquote"));
    var texts = blocks.length ? blocks.map(function (block) {
      return block.textContent;
    }) : [body.textContent];
    return texts.filter(function (text) {
      return text.trim();
    }).map(function (text) {
      return node("p", "", text.trim());
    });
  }

  on("announcement.published", function (announcement, root) {
    var list = root.querySelector("[data-live-announcements]");
    var id = "announcement-" + announcement.id;
    if (!list || document.getElementById(id)) {
      return;
    }
    var article = node("article", "announcement" + (announcement.pinned ? " is-pinned" : ""));
    article.setAttribute("aria-labelledby", id);
    var heading = node("h3", "", announcement.title);
    heading.id = id;
    var meta = node("p", "muted");
    if (announcement.pinned) {
      meta.append(node("span", "badge", root.dataset.livePinned), " ");
    }
    var time = node("time", "", formatMoment(announcement.published_at, root.dataset.liveTimezone));
    time.dateTime = announcement.published_at;
    meta.append(time);
    var prose = node("div", "prose");
    paragraphs(announcement.html).forEach(function (paragraph) {
      prose.append(paragraph);
    });
    // What people wrote keeps its language when the interface speaks another one (lang="es" in English).
    if (list.dataset.contentLang) {
      heading.lang = list.dataset.contentLang;
      prose.lang = list.dataset.contentLang;
    }
    article.append(heading, meta, prose);
    // Pinned announcements stay on top, as the server orders them.
    var before = announcement.pinned ? list.firstElementChild : list.querySelector(".announcement:not(.is-pinned)");
    list.insertBefore(article, before);
    var shown = Number(list.dataset.liveAnnouncements) || Infinity;
    while (list.children.length > shown) {
      list.lastElementChild.remove();
    }
    Array.prototype.forEach.call(root.querySelectorAll("[data-live-empty]"), function (empty) {
      empty.remove();
    });
    var status = root.querySelector("[data-live-status]");
    if (status) {
      status.textContent = (root.dataset.liveAnnounce || "%(title)s").replace("%(title)s", announcement.title);
    }
  });

  on("proposals.counters", function (figures) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-live-counter]"), function (counter) {
      var value = figures[counter.dataset.liveCounter];
      if (typeof value === "number") {
        counter.textContent = String(value);
      }
    });
  });

  function showUnread(payload) {
    if (typeof payload.unread !== "number") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-live-unread-count]"), function (count) {
      count.textContent = String(payload.unread);
      count.hidden = payload.unread === 0;
    });
  }
  on("notification", showUnread);
  on("notifications.read", showUnread);

  window.cocreaLive = { on: on };

  // After every deferred script, so that their renderers are registered before the first frame.
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-live-refresh][id]"), refreshOn);
    var followed = {};
    Array.prototype.forEach.call(document.querySelectorAll("[data-live-url]"), function (element) {
      if (!followed[element.dataset.liveUrl]) {
        followed[element.dataset.liveUrl] = true;
        follow(element);
      }
    });
  });
})();
