/*
 * The admin's translatable fields one language at a time: for each text that has a field per
 * language (modeltranslation's "mt" widgets, "Titulli [sq]", "Titulli [sr-latn]", ...), a row of
 * tabs above them shows one language and hides the others. Albanian comes first (the order of
 * LANGUAGES); a tab whose text is still empty carries a mark. Without JavaScript nothing changes:
 * every language's field stays visible, one under the other. A language with an error opens first.
 * A static file, no inline code: the Content Security Policy allows no inline scripts.
 */
(function () {
  "use strict";

  var emptyMeta = document.querySelector('meta[name="mt-empty-label"]');
  var EMPTY_LABEL = emptyMeta ? emptyMeta.content : "empty";

  /* "mt-field-title-sr_latn" -> {field: "title", language: "sr_latn"}; modeltranslation joins them with "-". */
  function fieldAndLanguage(widget) {
    for (var i = 0; i < widget.classList.length; i++) {
      var name = widget.classList[i];
      if (name.indexOf("mt-field-") === 0) {
        var parts = name.slice("mt-field-".length).split("-");
        if (parts.length === 2) {
          return { field: parts[0], language: parts[1] };
        }
      }
    }
    return null;
  }

  function isEmpty(widget) {
    return !widget.value || !widget.value.trim();
  }

  function buildTabs(group, groupIndex) {
    var tablist = document.createElement("div");
    tablist.className = "mt-tabs";
    tablist.setAttribute("role", "tablist");
    var buttons = [];

    function select(index, focus) {
      group.forEach(function (entry, i) {
        var selected = i === index;
        entry.row.hidden = !selected;
        buttons[i].setAttribute("aria-selected", selected ? "true" : "false");
        buttons[i].tabIndex = selected ? 0 : -1;
      });
      if (focus) {
        buttons[index].focus();
      }
    }

    function markEmpty(i) {
      var mark = buttons[i].querySelector(".mt-tab-empty");
      mark.hidden = !isEmpty(group[i].widget);
    }

    group.forEach(function (entry, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "mt-tab";
      button.id = "mt-tab-" + groupIndex + "-" + i;
      button.setAttribute("role", "tab");
      button.setAttribute("aria-controls", entry.row.id || (entry.row.id = "mt-panel-" + groupIndex + "-" + i));
      button.appendChild(document.createTextNode(entry.language.replace("_", "-").toUpperCase()));
      var mark = document.createElement("span");
      mark.className = "mt-tab-empty";
      mark.title = EMPTY_LABEL;
      mark.appendChild(document.createTextNode(" \u25CB"));
      var spoken = document.createElement("span");
      spoken.className = "visually-hidden";
      spoken.appendChild(document.createTextNode(" (" + EMPTY_LABEL + ")"));
      mark.appendChild(spoken);
      button.appendChild(mark);
      entry.row.setAttribute("role", "tabpanel");
      entry.row.setAttribute("aria-labelledby", button.id);
      button.addEventListener("click", function () {
        select(i, false);
      });
      button.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight") next = (i + 1) % group.length;
        if (event.key === "ArrowLeft") next = (i - 1 + group.length) % group.length;
        if (event.key === "Home") next = 0;
        if (event.key === "End") next = group.length - 1;
        if (next !== null) {
          event.preventDefault();
          select(next, true);
        }
      });
      entry.widget.addEventListener("input", function () {
        markEmpty(i);
      });
      buttons.push(button);
      tablist.appendChild(button);
    });
    group[0].row.parentNode.insertBefore(tablist, group[0].row);
    group.forEach(function (entry, i) {
      markEmpty(i);
    });
    var withError = group.findIndex(function (entry) {
      return entry.row.classList.contains("errors") || entry.row.querySelector(".errorlist");
    });
    select(withError >= 0 ? withError : 0, false);
  }

  function init() {
    var groups = [];
    var byKey = {};
    document.querySelectorAll(".mt").forEach(function (widget) {
      var parsed = fieldAndLanguage(widget);
      // Only rows of a stacked form: tabular inlines keep their languages as columns.
      var row = widget.closest("div.form-row");
      if (!parsed || !row || widget.closest(".tabular")) {
        return;
      }
      var prefix = (widget.name || "").slice(0, -(parsed.field.length + parsed.language.length + 1));
      var key = prefix + "|" + parsed.field;
      if (!byKey[key]) {
        byKey[key] = [];
        groups.push(byKey[key]);
      }
      byKey[key].push({ row: row, widget: widget, language: parsed.language });
    });
    groups.forEach(function (group, index) {
      if (group.length > 1) {
        buildTabs(group, index);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
