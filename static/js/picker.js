// Choice pickers (e.g. eligible countries): a filter box over the checkboxes, and the chosen ones said on top.
(function () {
  document.querySelectorAll("[data-picker]").forEach(function (picker) {
    const filter = picker.querySelector("[data-picker-filter]");
    const input = filter.querySelector("input");
    const chosen = picker.querySelector("[data-picker-chosen]");
    const options = Array.from(picker.querySelectorAll(".picker-option"));
    const fold = function (text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    };
    filter.hidden = false;
    input.addEventListener("input", function () {
      const wanted = fold(input.value.trim());
      options.forEach(function (option) {
        // Words are matched from their start: "co" finds Colombia and Costa Rica, not México.
        option.hidden = wanted !== "" && !(" " + fold(option.textContent.trim())).includes(" " + wanted);
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // filtering, not submitting the form
    });
    picker.addEventListener("change", function () {
      const names = options
        .filter(function (option) { return option.querySelector("input").checked; })
        .map(function (option) { return option.textContent.trim(); });
      chosen.textContent = names.length ? chosen.dataset.prefix + " " + names.join(", ") : chosen.dataset.none;
    });
  });
})();
