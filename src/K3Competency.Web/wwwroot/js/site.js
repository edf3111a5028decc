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
