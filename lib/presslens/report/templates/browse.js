// presslens evidence browser: search, sort and filter the tables written by presslens.report.tables.browse.
// Runs in JupyterLab (inline, in a trusted notebook) and in the HTML report (as assets/browse.js, the only
// script the report's Content-Security-Policy allows). A link to "#<table id>?column=text&column=text" sets
// that table's column filters: the stance matrix's cells lead to their sentences this way. A filter is a
// case-insensitive substring, or, written "=text", the whole cell.
(function () {
  "use strict";

  function cellText(row, index) {
    return row.cells[index] ? row.cells[index].textContent : "";
  }

  function compare(a, b) {
    const x = Number(a), y = Number(b);
    if (a.trim() !== "" && b.trim() !== "" && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
    return a.localeCompare(b);
  }

  function enhance(table) {
    if (table.dataset.browseReady) return;
    table.dataset.browseReady = "yes";
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const headers = Array.from(table.tHead.rows[0].cells);
    const bar = document.createElement("div");
    bar.className = "presslens-browse-bar";
    const search = document.createElement("input");
    search.type = "search";
    search.placeholder = "Search every column";
    search.setAttribute("aria-label", "Search every column of " + table.id);
    search.className = "presslens-browse-search";
    const count = document.createElement("span");
    count.className = "presslens-browse-count";
    bar.append(search, " ", count);
    table.parentElement.insertBefore(bar, table.parentElement.firstChild);
    const filterRow = table.tHead.insertRow();
    const filters = headers.map(function (header) {
      const input = document.createElement("input");
      input.type = "search";
      input.placeholder = "filter";
      input.setAttribute("aria-label", "Filter " + header.textContent);
      input.dataset.column = header.textContent;
      filterRow.insertCell().append(input);
      return input;
    });

    function apply() {
      const words = search.value.toLowerCase().trim();
      const wanted = filters.map(function (input) { return input.value.toLowerCase().trim(); });
      let shown = 0;
      rows.forEach(function (row) {
        const cells = headers.map(function (_, index) { return cellText(row, index).toLowerCase(); });
        const keep = (!words || cells.join("\t").includes(words)) &&
          wanted.every(function (text, index) {
            if (!text) return true;
            return text.startsWith("=") ? cells[index].trim() === text.slice(1) : cells[index].includes(text);
          });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " rows";
    }

    headers.forEach(function (header, index) {
      header.title = "Sort by " + header.textContent;
      header.style.cursor = "pointer";
      header.addEventListener("click", function () {
        const ascending = header.dataset.sorted !== "ascending";
        headers.forEach(function (other) { delete other.dataset.sorted; });
        header.dataset.sorted = ascending ? "ascending" : "descending";
        rows.slice().sort(function (a, b) {
          const order = compare(cellText(a, index), cellText(b, index));
          return ascending ? order : -order;
        }).forEach(function (row) { body.appendChild(row); });
      });
    });
    search.addEventListener("input", apply);
    filters.forEach(function (input) { input.addEventListener("input", apply); });
    table.presslensFilter = function (values) {
      search.value = "";
      filters.forEach(function (input) { input.value = values[input.dataset.column] || ""; });
      apply();
    };
    apply();
  }

  function followHash() {
    const [id, query] = window.location.hash.slice(1).split("?");
    const table = id && document.getElementById(decodeURIComponent(id));
    if (!table || !table.presslensFilter) return;
    table.presslensFilter(Object.fromEntries(new URLSearchParams(query || "")));
    table.scrollIntoView();
  }

  function enhanceAll() {
    document.querySelectorAll("table.presslens-browse").forEach(enhance);
    followHash();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
    window.setTimeout(enhanceAll, 0);  // JupyterLab runs an output's script before attaching it
  }
  window.addEventListener("hashchange", followHash);
})();
