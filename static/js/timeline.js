// The console's timeline: an empty phase start, once focused, is filled with the previous phase's end, as the usual
// next step; phases nobody goes to stay empty.
(function () {
  const form = document.querySelector("form[data-timeline]");
  if (!form) return;
  const rows = Array.from(form.querySelectorAll("tbody tr"));
  rows.forEach(function (row, index) {
    const previous = rows[index - 1];
    const start = row.querySelectorAll("input")[0];
    if (!previous || !start) return;
    start.addEventListener("focus", function () {
      const end = previous.querySelectorAll("input")[1];
      if (!start.value && end && end.value) start.value = end.value;
    });
  });
})();
