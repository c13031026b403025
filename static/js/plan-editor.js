// The plan editor: reorder rows by drag handle or by the up/down buttons, and
// warn before leaving with unsaved edits. Saving, adding and deleting rows is
// done by htmx attributes in the templates.
(function () {
  "use strict";

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("data-hx-headers"))["X-CSRFToken"];
    } catch (e) {
      return "";
    }
  }

  function showAlert(html) {
    var box = document.getElementById("editor-alerts");
    if (box) box.innerHTML = html;
  }

  // Post the list's new order; the server answers 204, or an alert to show.
  function saveOrder(list) {
    var body = new URLSearchParams();
    Array.prototype.forEach.call(list.children, function (li) {
      if (li.dataset.id) body.append("ids", li.dataset.id);
    });
    list.setAttribute("aria-busy", "true");
    return fetch(list.dataset.reorderUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
    }).then(function (response) {
      list.removeAttribute("aria-busy");
      if (response.status === 204) {
        htmx.trigger(document.body, "plan-changed");
      } else {
        return response.text().then(showAlert);
      }
    });
  }

  function move(button) {
    var li = button.closest("li[data-id]");
    var list = li.parentElement;
    if (button.dataset.dir === "up" && li.previousElementSibling) {
      list.insertBefore(li, li.previousElementSibling);
    } else if (button.dataset.dir === "down" && li.nextElementSibling) {
      list.insertBefore(li.nextElementSibling, li);
    } else {
      return;
    }
    button.focus(); // moving the node drops focus; keyboard users keep their place
    saveOrder(list);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".js-move");
    if (button) {
      event.preventDefault();
      move(button);
    }
  });

  function initSortable(root) {
    var lists = root.matches && root.matches(".js-sortable") ? [root] : [];
    lists = lists.concat(Array.prototype.slice.call(root.querySelectorAll(".js-sortable")));
    lists.forEach(function (list) {
      if (list.dataset.sortableReady) return;
      list.dataset.sortableReady = "1";
      Sortable.create(list, {
        handle: list.dataset.handle, // each nesting level drags only its own rows
        animation: 150,
        onEnd: function (event) {
          if (event.oldIndex !== event.newIndex) saveOrder(list);
        },
      });
    });
  }
  // Textareas grow with their text, so long items are read whole without scrolling.
  function fit(textarea) {
    textarea.rows = 1;
    textarea.style.height = "auto";
    textarea.style.height = textarea.scrollHeight + 2 + "px";
  }

  htmx.onLoad(function (root) {
    initSortable(root);
    root.querySelectorAll("textarea").forEach(fit);
  });

  document.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") fit(event.target);
    var form = event.target.closest("form.row-form, form.header-form");
    if (form) form.classList.add("is-dirty");
  });

  // Folded cards, remembered per plan in this browser; jumping to a card unfolds it.
  var editor = document.getElementById("editor");
  var foldKey = editor ? "plan-editor-folded-" + editor.dataset.plan : null;
  function folded() {
    try {
      return JSON.parse(localStorage.getItem(foldKey)) || [];
    } catch (e) {
      return [];
    }
  }
  function remember() {
    var keys = Array.prototype.map.call(document.querySelectorAll(".js-fold:not(.show)"), function (el) {
      return el.dataset.key;
    });
    try {
      localStorage.setItem(foldKey, JSON.stringify(keys));
    } catch (e) {
      /* private mode: folding still works, it is only not remembered */
    }
  }
  function fold(body, show) {
    bootstrap.Collapse.getOrCreateInstance(body, { toggle: false })[show ? "show" : "hide"]();
  }
  if (editor) {
    folded().forEach(function (key) {
      var body = document.getElementById("body-" + key);
      if (body) {
        body.classList.remove("show");
        var button = document.querySelector('[data-bs-target="#body-' + key + '"]');
        if (button) {
          button.setAttribute("aria-expanded", "false");
          button.classList.add("collapsed");
        }
      }
    });
    editor.addEventListener("shown.bs.collapse", function (event) {
      event.target.querySelectorAll("textarea").forEach(fit); // hidden, they measured no height
      remember();
    });
    editor.addEventListener("hidden.bs.collapse", remember);
    document.addEventListener("click", function (event) {
      var all = event.target.closest(".js-fold-all");
      if (all) {
        document.querySelectorAll(".js-fold").forEach(function (body) {
          fold(body, all.dataset.fold === "show");
        });
      }
      var jump = event.target.closest(".js-jump");
      if (jump) {
        var body = document.querySelector(jump.getAttribute("href") + " .js-fold");
        if (body && !body.classList.contains("show")) fold(body, true);
      }
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form.is-dirty")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
