// The application's steps work without this script; it only spares a round trip:
// - the chosen pathway's questions appear as soon as a pathway is picked (the server shows them after a save);
// - "add another initiative" adds an empty row here instead of saving first.
(function () {
  "use strict";

  var radios = document.querySelectorAll("input[name='application-pathway']");
  var groups = document.querySelectorAll("[data-pathways]");
  function showChosenPathway() {
    var chosen = document.querySelector("input[name='application-pathway']:checked");
    var value = chosen ? chosen.value : "";
    groups.forEach(function (group) {
      group.hidden = group.getAttribute("data-pathways").split(" ").indexOf(value) === -1;
    });
    var hint = document.querySelector("[data-pathway-hint]");
    if (hint) hint.hidden = Boolean(value);
    var shown = document.querySelector("[data-shown-pathway]");
    if (shown) shown.value = value; // its questions are on screen now: the save may move on
  }
  radios.forEach(function (radio) {
    radio.addEventListener("change", showChosenPathway);
  });

  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    var prefix = button.getAttribute("data-add-row");
    var rows = document.querySelector("[data-rows='" + prefix + "']");
    var template = document.querySelector("template[data-empty-row='" + prefix + "']");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    if (!rows || !template || !total) return;
    button.textContent = button.getAttribute("data-script-label") || button.textContent;
    button.addEventListener("click", function (event) {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) return; // the server says so when saved
      event.preventDefault();
      var wrapper = document.createElement("div");
      wrapper.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = wrapper.firstElementChild;
      var label = template.getAttribute("data-row-label").replace("__number__", String(index + 1));
      row.setAttribute("aria-label", label);
      row.querySelector(".row-title").textContent = label;
      rows.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  });
})();
