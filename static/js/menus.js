/* Progressive enhancement for the header's menus (<details class="menu">), which open and close without this
   script: Escape closes the open menu and returns focus to its button; a click elsewhere or opening another
   menu closes it. */
(function () {
  "use strict";
  var menus = document.querySelectorAll("details.menu");
  if (!menus.length) {
    return;
  }
  function closeOthers(except) {
    Array.prototype.forEach.call(menus, function (menu) {
      if (menu !== except) {
        menu.open = false;
      }
    });
  }
  Array.prototype.forEach.call(menus, function (menu) {
    menu.addEventListener("toggle", function () {
      if (menu.open) {
        closeOthers(menu);
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = document.querySelector("details.menu[open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (event) {
    var inside = event.target.closest ? event.target.closest("details.menu") : null;
    closeOthers(inside);
  });
})();
