// crosswire web app: the maps and the chart. Data comes from <script type="application/json">
// blocks written by the server; nothing here builds HTML from strings.
"use strict";

(function () {
  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function popup(m) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = m.url;
    link.textContent = (m.event_type || "Incident") + (m.name ? " in " + m.name : "");
    box.appendChild(link);
    var line = document.createElement("div");
    line.textContent = (m.date || "undated") + (m.fatalities != null ? " · " + m.fatalities + " killed" : "");
    box.appendChild(line);
    return box;
  }

  function baseMap(map) {
    if (typeof topojson === "undefined") return;
    fetch("/static/vendor/countries-110m.json")
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (world) {
        if (!world) return;
        var land = topojson.feature(world, world.objects.countries);
        L.geoJSON(land, { interactive: false, className: "country" }).addTo(map).bringToBack();
      });
  }

  function drawMap() {
    var el = document.getElementById("map");
    if (!el || typeof L === "undefined") return;
    var markers = readJSON("markers") || [];
    var map = L.map(el, { attributionControl: false, worldCopyJump: true, minZoom: 1 });
    baseMap(map);
    var points = [];
    markers.forEach(function (m) {
      var radius = 5 + Math.min(10, Math.sqrt(m.fatalities || 0));
      L.circleMarker([m.lat, m.lon], { radius: radius, className: "incident-marker" })
        .bindPopup(popup(m))
        .addTo(map);
      points.push([m.lat, m.lon]);
    });
    if (points.length === 1) map.setView(points[0], 5);
    else if (points.length > 1) map.fitBounds(points, { padding: [30, 30], maxZoom: 6 });
    else map.setView([20, 0], 1);
  }

  function drawChart() {
    var el = document.getElementById("chart");
    var data = readJSON("chart-data");
    if (!el || !data || typeof Chart === "undefined") return;
    new Chart(el, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "incidents", data: data.incidents, yAxisID: "y", backgroundColor: "#b3412d" },
          { label: "killed (best estimate)", data: data.killed, yAxisID: "y1", type: "line",
            borderColor: "#333", backgroundColor: "#333" }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "incidents" } },
          y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false },
                title: { display: true, text: "killed" } }
        }
      }
    });
  }

  function showTarget() {
    var target = document.querySelector("mark.hl-target");
    if (target) target.scrollIntoView({ block: "center" });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawMap();
    drawChart();
    showTarget();
  });
})();
