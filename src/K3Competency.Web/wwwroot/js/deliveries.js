// The progress of a batch's certificate mails on /Certificates/Send (DESIGN §11): while mails are queued,
// ask the deliveries API every two seconds and update the counts and each recipient's row in place; when
// the queue is empty, reload once so the page shows its final buttons. Without script the page reloads
// itself (a <noscript> refresh), so this file only makes it smoother.
(function () {
  "use strict";
  var root = document.getElementById("delivery-progress");
  if (!root || Number(root.getAttribute("data-queued")) <= 0) { return; }
  var url = root.getAttribute("data-url");
  var number = new Intl.NumberFormat("id-ID");

  function attr(name, status) { return root.getAttribute("data-" + name + "-" + status) || status; }

  function setCount(name, value) {
    var el = root.querySelector("[data-count=" + name + "]");
    if (el) { el.textContent = number.format(value); }
  }

  function render(report) {
    setCount("total", report.total);
    setCount("queued", report.queued);
    setCount("sent", report.sent);
    setCount("failed", report.failed);
    var bar = root.querySelector("[data-progress]");
    if (bar) {
      bar.max = Math.max(report.total, 1);
      bar.value = report.sent + report.failed;
    }
    var rows = {};
    root.querySelectorAll("tr[data-key]").forEach(function (tr) { rows[tr.getAttribute("data-key")] = tr; });
    report.items.forEach(function (item) {
      var tr = rows[item.number + "|" + item.email];
      if (!tr) { return; }
      var badge = document.createElement("span");
      badge.className = "badge " + attr("badge", item.status);
      badge.textContent = attr("label", item.status);
      var status = tr.querySelector("[data-field=status]");
      status.replaceChildren(badge);
      tr.querySelector("[data-field=error]").textContent = item.error || "";
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (report) {
        if (!report) { setTimeout(poll, 5000); return; }
        render(report);
        if (report.queued > 0) { setTimeout(poll, 2000); } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }

  setTimeout(poll, 2000);
})();
