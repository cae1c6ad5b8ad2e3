// The console's timeline: setting a phase's end suggests the next phase's start, when that start is still empty.
(function () {
  const form = document.querySelector("form[data-timeline]");
  if (!form) return;
  const rows = Array.from(form.querySelectorAll("tbody tr"));
  rows.forEach(function (row, index) {
    const next = rows[index + 1];
    const end = row.querySelectorAll("input")[1];
    if (!next || !end) return;
    end.addEventListener("change", function () {
      const start = next.querySelectorAll("input")[0];
      if (start && !start.value && end.value) start.value = end.value;
    });
  });
})();
