// Intake pages: show the crisis box the moment PHQ-9 item 9 is answered above "Not at all", and
// the act-now box the moment the screener's intent, plan or recent behaviour is a yes (the CSS
// shows both without JavaScript; unhiding them here makes screen readers announce them),
// move focus to the error list when a step comes back with errors, keep a patient at the
// medication row they just added or at the words saying a row was removed, and switch language
// without losing what was typed.
(function () {
  "use strict";
  var crisis = document.getElementById("crisis-now");
  var item9 = document.querySelectorAll('input[name="phq9_9"]');
  if (crisis && item9.length) {
    var update = function () {
      var chosen = document.querySelector('input[name="phq9_9"]:checked');
      if (chosen && Number(chosen.value) > 0) {
        crisis.hidden = false;
      }
    };
    item9.forEach(function (input) { input.addEventListener("change", update); });
    if (!document.getElementById("crisis-box")) {
      update();
    }
  }
  // The act-now box on the safety step, the moment intent, a plan or recent behaviour is a yes.
  var urgent = document.getElementById("crisis-imminent-now");
  if (urgent) {
    document.querySelectorAll(
      'input[name="intent"], input[name="plan"], input[name="behaviour_past_3_months"]'
    ).forEach(function (input) {
      input.addEventListener("change", function () {
        if (input.checked && input.value === "yes") {
          urgent.hidden = false;
        }
      });
    });
  }
  // The English | Español switch on a step sends the step's form (switch_language), so the
  // server keeps the typed answers and shows the same step, errors too, in the other language.
  document.querySelectorAll("button[data-step-form]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var form = document.getElementById(button.dataset.stepForm);
      if (!form) {
        return;
      }
      event.preventDefault();
      var choice = document.createElement("input");
      choice.type = "hidden";
      choice.name = "switch_language";
      choice.value = button.value;
      form.appendChild(choice);
      form.submit();
    });
  });
  var summary = document.getElementById("error-summary");
  var notice = document.getElementById("step-notice");
  if (summary) {
    summary.focus();
  } else if (notice) {
    // A row just removed: the page says so, and the patient is at those words.
    notice.focus();
  } else {
    // A row just added (its first field has autofocus): keep the patient at it, even where the
    // browser restores the old scroll position after the reload.
    var added = document.querySelector("[autofocus]");
    if (added && added.closest("fieldset")) {
      added.closest("fieldset").scrollIntoView({ block: "start" });
      added.focus({ preventScroll: true });
    }
  }
})();
