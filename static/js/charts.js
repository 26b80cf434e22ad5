// Draws every chart of a page from its JSON (labels preformatted on the server: category axes, no date
// adapter), offers its PNG, and reloads a page that waits for an answer from the intra.
(function () {
  "use strict";
  var PALETTE = ["#0b5cad", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#1098ad", "#c2255c", "#5c940d"];

  // A white ground, so that the PNG is not transparent.
  var background = {
    id: "background",
    beforeDraw: function (chart) {
      chart.ctx.save();
      chart.ctx.fillStyle = "#fff";
      chart.ctx.fillRect(0, 0, chart.width, chart.height);
      chart.ctx.restore();
    },
  };

  function axis(title, extra) {
    var options = { title: { display: true, text: title }, ticks: { autoSkip: true, maxRotation: 60 } };
    return Object.assign(options, extra || {});
  }

  function dayLabel(origin, days) {
    var start = new Date(origin + "T00:00:00Z").getTime();
    return new Date(start + days * 86400000).toISOString().slice(0, 10);
  }

  function datasets(spec) {
    return spec.datasets.map(function (set, index) {
      var colour = PALETTE[index % PALETTE.length];
      // Points only where a line has too few of them to be seen as a line (one pool snapshot, a short period).
      var points = spec.labels.length <= 48 ? 3 : 0;
      return Object.assign({ backgroundColor: colour, borderColor: colour, pointRadius: points, borderWidth: 2,
                             stepped: !!spec.stepped, grouped: spec.kind !== "timeline" }, set);
    });
  }

  function chartConfig(spec) {
    var horizontal = spec.kind === "hbar" || spec.kind === "timeline";
    var valueAxis = axis(spec.kind === "timeline" ? spec.xTitle : (horizontal ? spec.xTitle : spec.yTitle),
                         { beginAtZero: true });
    if (spec.max) { valueAxis.max = spec.max; }
    if (spec.kind === "timeline") {
      valueAxis.type = "linear";
      valueAxis.ticks = { callback: function (value) { return dayLabel(spec.origin, value); } };
    }
    var categoryAxis = axis(horizontal ? spec.yTitle : spec.xTitle, { type: "category" });
    if (spec.kind === "timeline") { categoryAxis.labels = spec.labels; }
    return {
      type: spec.kind === "line" ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets(spec) },
      plugins: [background],
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, indexAxis: horizontal ? "y" : "x",
        interaction: { mode: "nearest", intersect: false },
        plugins: { title: { display: true, text: spec.title }, legend: { display: spec.datasets.length > 1 } },
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      },
    };
  }

  // Weekday by hour: a grid of cells shaded by value, drawn straight on the canvas.
  function drawHeatmap(canvas, spec) {
    var box = canvas.parentElement.getBoundingClientRect();
    canvas.width = Math.max(box.width, 480);
    canvas.height = 300;
    var ctx = canvas.getContext("2d");
    var left = 90, top = 40, bottom = 40;
    var cellW = (canvas.width - left - 10) / spec.labels.length;
    var cellH = (canvas.height - top - bottom) / spec.datasets.length;
    var max = 0;
    spec.datasets.forEach(function (row) { row.data.forEach(function (v) { max = Math.max(max, v); }); });
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#1b1b1b";
    ctx.font = "bold 14px system-ui, sans-serif";
    ctx.fillText(spec.title, 8, 20);
    ctx.font = "12px system-ui, sans-serif";
    spec.datasets.forEach(function (row, r) {
      ctx.fillStyle = "#1b1b1b";
      ctx.fillText(row.label.slice(0, 3), 8, top + r * cellH + cellH / 2 + 4);
      row.data.forEach(function (value, c) {
        var share = max ? value / max : 0;
        ctx.fillStyle = "rgba(11, 92, 173, " + (0.06 + 0.94 * share).toFixed(3) + ")";
        ctx.fillRect(left + c * cellW, top + r * cellH, cellW - 1, cellH - 1);
      });
    });
    ctx.fillStyle = "#1b1b1b";
    spec.labels.forEach(function (label, c) {
      if (c % 2 === 0) { ctx.fillText(label, left + c * cellW + 2, canvas.height - bottom + 16); }
    });
    ctx.fillText(spec.xTitle, left, canvas.height - 6);
  }

  function draw(canvas) {
    var spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    if (spec.kind === "heatmap") {
      drawHeatmap(canvas, spec);
    } else {
      new window.Chart(canvas, chartConfig(spec));
    }
    canvas.dataset.drawn = "true";
  }

  function downloadPng(slug) {
    var canvas = document.querySelector("#chart-" + slug + " canvas");
    var link = document.createElement("a");
    link.href = canvas.toDataURL("image/png");
    link.download = slug + ".png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
    document.querySelectorAll("[data-png]").forEach(function (button) {
      button.addEventListener("click", function () { downloadPng(button.dataset.png); });
    });
    var pending = document.querySelector("[data-reload-after]");
    if (pending) {
      window.setTimeout(function () { window.location.reload(); }, 1000 * Number(pending.dataset.reloadAfter));
    }
  });
})();
