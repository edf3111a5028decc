// The API reference (Pages/ApiDocs): Swagger UI over the served OpenAPI document. Nothing is fetched from elsewhere:
// no validator badge (it calls a public service), no remote configuration.
(function () {
  var target = document.getElementById('api-reference');
  if (!target || !window.SwaggerUIBundle) {
    return;
  }
  // Swagger UI leaves some controls without a name and its scrolling examples out of the keyboard's reach
  // (WCAG 4.1.2, 2.1.1); mended on whatever it renders, as it renders it.
  function mend() {
    var servers = document.getElementById('servers');
    if (servers && !servers.hasAttribute('aria-label')) {
      servers.setAttribute('aria-label', 'Server API');
    }
    target.querySelectorAll('tr[data-param-name] select:not([aria-label])').forEach(function (select) {
      select.setAttribute('aria-label', select.closest('tr').getAttribute('data-param-name'));
    });
    target.querySelectorAll('.highlight-code pre:not([tabindex])').forEach(function (pre) {
      pre.setAttribute('tabindex', '0');
    });
  }
  new MutationObserver(mend).observe(target, { childList: true, subtree: true });

  window.SwaggerUIBundle({
    url: target.getAttribute('data-url'),
    domNode: target,
    validatorUrl: null,
    configUrl: null,
    queryConfigEnabled: false,
    // A deep link puts a link inside each operation's toggle button (nested controls, WCAG 4.1.2).
    deepLinking: false,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    tryItOutEnabled: false,
  });
})();
