// Enhancements only: every page is complete without this file.
// Controls it adds carry data-js, so a page read without JavaScript has the same content.
(function () {
  "use strict";

  // "Show all quotes" / "Hide all quotes" for pages with evidence <details>.
  function addToggle() {
    var all = document.querySelectorAll("details.ev");
    var main = document.querySelector("main .lede") || document.querySelector("main h1");
    if (all.length < 2 || !main) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "quiet";
    button.setAttribute("data-js", "");
    button.textContent = "Show all quotes";
    button.addEventListener("click", function () {
      var open = button.textContent === "Show all quotes";
      all.forEach(function (d) { d.open = open; });
      button.textContent = open ? "Hide all quotes" : "Show all quotes";
    });
    main.insertAdjacentElement("afterend", button);
  }

  // On an article, light up every mark of the span named in the URL fragment (#s-START-END).
  function lightSpan() {
    document.querySelectorAll("mark.lit").forEach(function (m) { m.classList.remove("lit"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^s-\d+-\d+$/.test(id)) return;
    document.querySelectorAll("mark[data-spans]").forEach(function (m) {
      if ((" " + m.getAttribute("data-spans") + " ").indexOf(" " + id.slice(2) + " ") >= 0) m.classList.add("lit");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    addToggle();
    lightSpan();
    window.addEventListener("hashchange", lightSpan);
  });
})();
