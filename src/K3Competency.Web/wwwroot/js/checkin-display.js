// The check-in display (Pages/CheckIn/Display): polls the page's State handler every few seconds, swaps the QR
// code when the token changes (every 30 s) and updates the count; a clock, and a full-screen button. The CSP allows
// no inline script, so everything the script needs comes from data- attributes.
(function () {
  "use strict";
  var root = document.querySelector("[data-checkin-state]");
  if (!root) {
    return;
  }
  var stateUrl = root.getAttribute("data-checkin-state");
  var token = root.getAttribute("data-checkin-token");
  var every = parseInt(root.getAttribute("data-refresh-seconds"), 10) * 1000 || 3000;
  var qr = root.querySelector("[data-checkin-qr]");
  var url = root.querySelector("[data-checkin-url]");
  var count = root.querySelector("[data-checkin-count]");
  var registered = root.querySelector("[data-checkin-registered]");
  var clock = root.querySelector("[data-checkin-clock]");
  var number = new Intl.NumberFormat("id-ID");
  var time = new Intl.DateTimeFormat("id-ID", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "Asia/Jakarta" });

  function tick() {
    if (clock) {
      clock.textContent = time.format(new Date()) + " WIB";
    }
  }

  function refresh() {
    var address = stateUrl + (stateUrl.indexOf("?") < 0 ? "?" : "&") + "have=" + encodeURIComponent(token || "");
    fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) {
          return;
        }
        if (state.qr && state.token !== token) {
          qr.src = state.qr;
          token = state.token;
          root.setAttribute("data-checkin-token", token);
          if (url) { url.textContent = state.url; }
        }
        count.textContent = number.format(state.checkedIn);
        registered.textContent = number.format(state.registered);
      })
      .catch(function () { /* The next poll tries again. */ })
      .then(function () { setTimeout(refresh, every); });
  }

  var full = root.querySelector("[data-fullscreen]");
  if (full && document.documentElement.requestFullscreen) {
    full.hidden = false;
    full.addEventListener("click", function () { document.documentElement.requestFullscreen(); });
  }
  tick();
  setInterval(tick, 1000);
  setTimeout(refresh, every);
})();
