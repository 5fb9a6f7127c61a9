// Engram review UI: keyboard shortcuts and auto-submitting pickers. Everything works without it.
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });

  // A page that follows something running (a dream) reloads itself, unless someone is typing on it.
  document.querySelectorAll("[data-refresh]").forEach(function (element) {
    var seconds = parseInt(element.getAttribute("data-refresh"), 10);
    if (seconds > 0) {
      setInterval(function () {
        if (!document.activeElement || !typing(document.activeElement)) { window.location.reload(); }
      }, seconds * 1000);
    }
  });

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("a[data-row]")); }

  function moveRow(step) {
    var all = rows();
    if (all.length === 0) { return false; }
    var at = all.indexOf(document.activeElement);
    var next = at < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + step));
    all[next].focus();
    all[next].scrollIntoView({ block: "nearest" });
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = event.key;
    var link = document.querySelector("a[data-key='" + key + "']");
    if ((key === "j" || key === "k") && rows().length > 0) {
      moveRow(key === "j" ? 1 : -1);
    } else if ((key === "j" || key === "k") && link) {
      link.click();
    } else if (key === "x" && document.activeElement && document.activeElement.matches("a[data-row]")) {
      var box = document.activeElement.closest("tr").querySelector("input[type=checkbox]");
      if (box) { box.checked = !box.checked; }
    } else if (key === "a" && document.querySelector("form[data-key='a']")) {
      document.querySelector("form[data-key='a']").requestSubmit();
    } else if (key === "r" && document.getElementById("reject-note")) {
      document.getElementById("reject-note").focus();
    } else if (key === "e" && document.getElementById("edit")) {
      document.getElementById("edit").open = true;
      document.getElementById("content").focus();
    } else {
      return;
    }
    event.preventDefault();
  });
})();
