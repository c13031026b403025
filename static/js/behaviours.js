// Page behaviours declared in the markup, so no page needs an inline handler
// (the Content-Security-Policy allows scripts from this site only).
//   data-print            a button that prints the page
//   data-autosubmit       a select that submits its form when changed
//   data-confirm="…"      a form (or a submit button) that asks before it is sent
//   data-check-all="name" a checkbox that ticks or clears its form's checkboxes named `name`
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var printer = event.target.closest("[data-print]");
    if (printer) {
      event.preventDefault();
      window.print();
      return;
    }
    var button = event.target.closest("button[data-confirm], input[type=submit][data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
  document.addEventListener("change", function (event) {
    var all = event.target.closest("input[type=checkbox][data-check-all]");
    if (all) {
      var boxes = (all.form || document).querySelectorAll("input[type=checkbox]");
      Array.prototype.forEach.call(boxes, function (box) {
        if (box.name === all.dataset.checkAll && !box.disabled) {
          box.checked = all.checked;
        }
      });
      return;
    }
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) {
      select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
