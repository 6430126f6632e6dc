// Jobbvei's one script, served from /static/jobbvei.js (the CSP allows scripts from 'self' only).
// Every page works without it; it only does what Aksel's ErrorSummary does in React:
// focus moves to the summary when a refused form is shown again, so a screen reader reads the
// errors first, and each error's link puts the focus in its own field.
(function () {
  'use strict';
  var summary = document.querySelector('.aksel-error-summary');
  if (!summary) return;
  summary.focus();
  summary.addEventListener('click', function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (!link) return;
    var target = document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    // A group of radios or checkboxes is a fieldset: its first input takes the focus.
    var field = target.matches('input, select, textarea') ? target : target.querySelector('input, select, textarea');
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: 'center' });
    history.replaceState(null, '', link.getAttribute('href'));
  });
})();
