// Broedplaats: small enhancements on every page; every page works without them.
//
// 1. A page sent back with errors (a form that failed) moves focus to its error summary, which
//    links to the fields, and scrolls it into view: on a phone the form may be far down the page.
// 2. On a narrow screen the header's menu (navigation, search, account) goes behind a "Menu"
//    button, so the content starts near the top.
// 3. On a narrow screen a disclosure marked `data-narrow-closed` (the search filters) starts
//    closed, so results come first.
(function () {
  'use strict';

  var summary = document.querySelector('.error-summary');
  if (summary) {
    if (!summary.hasAttribute('tabindex')) summary.setAttribute('tabindex', '-1');
    // After the load, so the browser's jump to the address's #fragment does not take focus back.
    var focusSummary = function () {
      summary.scrollIntoView({ block: 'start' });
      summary.focus({ preventScroll: true });
    };
    if (document.readyState === 'complete') focusSummary();
    else window.addEventListener('load', function () { window.setTimeout(focusSummary, 0); });
  }

  var narrow = window.matchMedia('(max-width: 47.99rem)');

  var header = document.querySelector('.header-inner');
  var menu = document.getElementById('site-menu');
  if (header && menu) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'menu-toggle';
    button.textContent = header.getAttribute('data-menu-label') || 'Menu';
    button.setAttribute('aria-controls', 'site-menu');
    button.setAttribute('aria-expanded', 'false');
    header.insertBefore(button, menu);
    header.classList.add('has-menu-toggle');
    button.addEventListener('click', function () {
      var open = header.classList.toggle('menu-open');
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && header.classList.contains('menu-open')) {
        header.classList.remove('menu-open');
        button.setAttribute('aria-expanded', 'false');
        button.focus();
      }
    });
  }

  if (narrow.matches) {
    document.querySelectorAll('details[data-narrow-closed]').forEach(function (d) {
      // A filter that is on stays visible when it needs attention.
      if (!d.querySelector('[aria-invalid="true"]')) d.open = false;
    });
  }
})();
