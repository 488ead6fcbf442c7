// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  // Move focus to the error summary so screen-reader and keyboard users land on what went wrong.
  var summary = document.getElementById('error-summary');
  if (summary) {
    summary.focus();
  }
  // Guard against double submission: the server is idempotent anyway, this just spares a second round trip.
  document.querySelectorAll('form').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (form.dataset.submitted === 'true') {
        event.preventDefault();
        return;
      }
      form.dataset.submitted = 'true';
      window.setTimeout(function () { form.dataset.submitted = 'false'; }, 5000);
    });
  });
})();
