// The copy of a patient's answers: a button that opens the browser's print dialog, where the
// patient can also save a PDF. Without JavaScript the button stays hidden and the page says
// how to print instead.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
