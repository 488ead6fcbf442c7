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
  // Address autofill: when a postal code stands for exactly one place, fill prefecture, city and town. With several
  // places (or without this script) the 郵便番号から住所を入力 button asks the server, which lists them.
  document.querySelectorAll('input[data-postal-for]').forEach(function (input) {
    var key = input.getAttribute('data-postal-for');
    input.addEventListener('change', function () {
      var digits = input.value.replace(/[０-９]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); }).replace(/\D/g, '');
      if (digits.length !== 7 || !window.fetch) { return; }
      window.fetch('/postal/' + digits, { headers: { Accept: 'application/json' } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (candidates) {
          if (candidates.length !== 1) { return; }
          var found = candidates[0];
          var field = function (part) { return document.querySelector('[name="a.' + key + '.' + part + '"]'); };
          if (field('prefecture')) { field('prefecture').value = found.prefecture; }
          if (field('city')) { field('city').value = found.city; }
          var street = field('street');
          if (street && street.value.indexOf(found.town) !== 0) { street.value = found.town; }
          if (street) { street.focus(); }
        })
        .catch(function () { /* the button still works */ });
    });
  });
})();
