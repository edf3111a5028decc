// The director's dashboard: the per-batch chart and the small conveniences of its forms. Data comes from
// data- attributes written by the page, since the CSP allows no inline script.
(function () {
  "use strict";

  // A selector submits its GET form as soon as it changes; the button stays for keyboards and no-JS.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  var canvas = document.getElementById("batch-chart");
  if (!canvas || !window.Chart) {
    return;
  }
  var data = JSON.parse(canvas.getAttribute("data-chart"));
  var green = "#0b5d3b";
  var amber = "#c2410c";
  new window.Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        {
          type: "line",
          label: data.cumulativeLabel,
          data: data.cumulative,
          borderColor: amber,
          backgroundColor: amber,
          tension: 0.2,
          order: 1
        },
        {
          type: "bar",
          label: data.upgradedLabel,
          data: data.upgraded,
          backgroundColor: "rgba(11, 93, 59, 0.75)",
          borderColor: green,
          order: 2
        }
      ]
    },
    options: {
      locale: data.locale,
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom" } },
      scales: { y: { beginAtZero: true } }
    }
  });
})();
