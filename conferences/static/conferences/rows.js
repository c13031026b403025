// Editable ordered rows: add from the <template>, remove (hides the row and
// ticks DELETE), reorder by drag or by the arrow buttons. The hidden order
// inputs are renumbered before every submit, so the server saves what it sees.
(function () {
  const form = document.getElementById("rows-form");
  if (!form) return;
  const rows = document.getElementById("rows");
  const template = document.getElementById("row-template");
  const total = form.querySelector("input[name$='-TOTAL_FORMS']");

  function renumber() {
    let n = 0;
    rows.querySelectorAll("[data-row]").forEach(function (row) {
      const order = row.querySelector("input[data-order]");
      if (order) order.value = n++;
    });
    document.getElementById("rows-empty").hidden = rows.querySelector("[data-row]:not(.d-none)") !== null;
  }

  document.getElementById("add-row").addEventListener("click", function () {
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    renumber();
    const added = rows.lastElementChild.querySelector("textarea, input:not([type=hidden]), select");
    if (added) added.focus();
  });

  rows.addEventListener("click", function (event) {
    const move = event.target.closest("[data-move]");
    if (!move) return;
    const row = move.closest("[data-row]");
    if (move.dataset.move === "-1" && row.previousElementSibling) {
      rows.insertBefore(row, row.previousElementSibling);
    } else if (move.dataset.move === "1" && row.nextElementSibling) {
      rows.insertBefore(row.nextElementSibling, row);
    }
    renumber();
  });

  rows.addEventListener("change", function (event) {
    if (!event.target.matches("[data-delete]")) return;
    event.target.closest("[data-row]").classList.toggle("d-none", event.target.checked);
    renumber();
  });

  rows.querySelectorAll("[data-delete]:checked").forEach(function (box) {
    box.closest("[data-row]").classList.add("d-none");
  });

  if (window.Sortable) {
    window.Sortable.create(rows, { handle: ".drag-handle", animation: 150, onEnd: renumber });
  }
  form.addEventListener("submit", renumber);
})();
