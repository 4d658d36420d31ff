// Draws the statistics charts with Chart.js (served locally) from the JSON the page embeds with json_script.
// Each chart's numbers are also in the table beside it, so the page reads without JavaScript too.
(() => {
  const source = document.getElementById("stats-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  const palette = ["#0d6efd", "#fd7e14", "#198754", "#dc3545", "#6f42c1", "#20c997", "#ffc107", "#0dcaf0", "#6c757d", "#d63384", "#6610f2", "#adb5bd"];
  const charts = JSON.parse(source.textContent);
  charts.forEach((chart) => {
    const canvas = document.querySelector(`canvas[data-chart="${chart.key}"]`);
    if (!canvas) {
      return;
    }
    const pie = chart.kind === "pie";
    const datasets = chart.series.map((series, index) => ({
      label: series.name,
      data: series.values,
      backgroundColor: pie ? palette.slice(0, series.values.length) : palette[index % palette.length],
      borderColor: pie ? "#fff" : palette[index % palette.length],
      tension: 0.2,
      spanGaps: true,
    }));
    new window.Chart(canvas, {
      type: chart.kind,
      data: { labels: chart.labels, datasets },
      options: {
        responsive: true,
        aspectRatio: pie ? 1.6 : 2,
        animation: false,
        plugins: {
          legend: { display: pie || datasets.length > 1, position: pie ? "right" : "top" },
          tooltip: {
            callbacks: {
              label: (context) => `${context.dataset.label}: ${context.formattedValue}${chart.unit === "%" ? "%" : ""}`,
            },
          },
        },
        scales: pie ? {} : { y: { beginAtZero: true, title: { display: Boolean(chart.unit), text: chart.unit } } },
      },
    });
  });
})();
