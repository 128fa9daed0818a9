/* Progressive enhancement only: every page reads fully without this file. */
(function () {
  "use strict";

  var VIEW_KEY = "toolkit-view";
  var VIEWS = ["both", "source", "target"];

  function storedView() {
    try {
      return window.localStorage.getItem(VIEW_KEY);
    } catch (error) {
      return null; /* storage off (private mode, file: pages): the toggle still works, unremembered */
    }
  }

  function storeView(view) {
    try {
      window.localStorage.setItem(VIEW_KEY, view);
    } catch (error) {
      /* see storedView */
    }
  }

  function applyView(toggle, view) {
    if (VIEWS.indexOf(view) < 0) {
      view = "both";
    }
    document.documentElement.setAttribute("data-view", view);
    var radio = toggle.querySelector('input[value="' + view + '"]');
    if (radio) {
      radio.checked = true;
    }
  }

  function setUpToggle() {
    var toggle = document.querySelector(".view-toggle");
    if (!toggle) {
      return;
    }
    toggle.hidden = false;
    applyView(toggle, storedView());
    toggle.addEventListener("change", function (event) {
      applyView(toggle, event.target.value);
      storeView(event.target.value);
    });
  }

  function cellOf(node) {
    return node && node.closest ? node.closest(".cell") : null;
  }

  function highlight(cell, on) {
    var pair = cell.parentElement;
    pair.classList.toggle("is-active", on);
    Array.prototype.forEach.call(pair.children, function (other) {
      other.classList.toggle("is-partner", on && other !== cell);
    });
  }

  function setUpHighlight() {
    var pairs = document.querySelector(".pairs");
    if (!pairs) {
      return;
    }
    function follow(on) {
      return function (event) {
        var cell = cellOf(event.target);
        var into = cellOf(event.relatedTarget);
        if (cell && cell !== into) {
          highlight(cell, on);
        }
      };
    }
    pairs.addEventListener("mouseover", follow(true));
    pairs.addEventListener("mouseout", follow(false));
    pairs.addEventListener("focusin", follow(true));
    pairs.addEventListener("focusout", follow(false));
  }

  function setUpSearch() {
    var box = document.getElementById("search");
    if (!box || typeof window.PagefindUI !== "function") {
      return;
    }
    if (window.location.protocol === "file:") {
      /* browsers refuse the index fetches a page opened from disk makes */
      box.textContent = box.getAttribute("data-file-note");
      return;
    }
    var bundles = box.getAttribute("data-bundles").split(" ").map(function (path) {
      return new URL(path, document.baseURI).href;
    });
    new window.PagefindUI({
      element: "#search",
      bundlePath: bundles[0],
      mergeIndex: bundles.slice(1).map(function (path) {
        return { bundlePath: path };
      }),
      baseUrl: new URL(".", document.baseURI).pathname,
      showImages: false,
      showSubResults: true
    });
    var input = box.querySelector("input");
    if (input) {
      input.setAttribute("aria-label", box.getAttribute("data-label"));
    }
  }

  function start() {
    setUpToggle();
    setUpHighlight();
    setUpSearch();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
