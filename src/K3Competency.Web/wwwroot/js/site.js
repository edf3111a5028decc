// Behaviour shared by every page. No inline script is allowed by the CSP, so pages hook in through data- attributes.
(function () {
  "use strict";
  // <form data-confirm="Hapus?">: ask before a destructive submit.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var text = form.getAttribute && form.getAttribute("data-confirm");
    if (text && !window.confirm(text)) {
      e.preventDefault();
    }
  });
})();

// <form data-busy="Mengunggah…">: something slow follows; show the indicator and stop double submits.
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (e.defaultPrevented || !form.hasAttribute || !form.hasAttribute("data-busy")) { return; }
    var indicator = form.querySelector("[data-busy-indicator]");
    if (indicator) {
      indicator.classList.remove("d-none");
      var text = indicator.querySelector("[data-busy-text]");
      if (text) { text.textContent = form.getAttribute("data-busy"); }
    }
    // After this tick, so that the clicked button still names its handler in the submission.
    setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
})();
