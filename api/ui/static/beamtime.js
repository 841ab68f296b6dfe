// beamtime pages: small enhancements of server-rendered pages that work without them.
// - the Gantt chart: details of the block under the pointer or the keyboard focus, and
//   switching the colour scheme without a reload;
// - solve progress: the live part of the page fetched again every second until the
//   solve has finished.
"use strict";

(function () {
  document.documentElement.classList.add("js");

  function describe(block) {
    var d = block.dataset;
    return d.proposal + " \u201c" + d.title + "\u201d \u2014 group " + d.group + " \u2014 " +
      d.instrument + ", shifts " + d.shifts + " (" + d.length + " shifts), " + d.when +
      " \u2014 " + d.state + (d.countries ? " \u2014 " + d.countries : "");
  }

  function enhanceGantt() {
    var schedule = document.getElementById("schedule");
    if (!schedule) { return; }
    var detail = document.getElementById("gantt-detail");
    schedule.querySelectorAll(".gantt-block").forEach(function (block) {
      var show = function () { detail.textContent = describe(block); };
      block.addEventListener("mouseenter", show);
      block.addEventListener("focus", show);
    });
    var form = schedule.querySelector("[data-colour-switch]");
    if (!form) { return; }
    form.querySelectorAll("input[name=colour]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        schedule.classList.remove("colour-by-country", "colour-by-state");
        schedule.classList.add("colour-by-" + radio.value);
        var url = new URL(window.location.href);
        url.searchParams.set("colour", radio.value);
        window.history.replaceState(null, "", url);
        schedule.querySelectorAll(".zoom a").forEach(function (link) {
          var target = new URL(link.href);
          target.searchParams.set("colour", radio.value);
          link.href = target.toString();
        });
      });
    });
  }

  function followSolve() {
    var live = document.getElementById("solve-live");
    if (!live) { return; }
    var finished = function () {
      var state = live.querySelector(".live-state");
      return !state || state.dataset.finished === "true";
    };
    var settle = function () {
      if (!finished()) { return false; }
      document.querySelectorAll("[data-while-running]").forEach(function (element) {
        element.hidden = true;
      });
      return true;
    };
    var poll = function () {
      if (settle()) { return; }
      fetch(live.dataset.liveSrc, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) {
          if (response.redirected || response.status === 401) { window.location.reload(); return null; }
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html !== null && html !== undefined) {
            live.innerHTML = html;
            live.dataset.updates = String(Number(live.dataset.updates || "0") + 1);
            settle();
          }
        })
        .catch(function () { /* try again at the next tick */ })
        .finally(function () { window.setTimeout(poll, 1000); });
    };
    window.setTimeout(poll, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceGantt();
    followSolve();
  });
}());
