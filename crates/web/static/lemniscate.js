// The form of a move: a small enhancement. The step select offers only the steps of the chosen
// movement (the server checks this anyway, and the form works without this file). No inline
// script (CSP), no eval, no dependencies.
(() => {
  'use strict';
  const select = document.querySelector('.lem-move-form select[name="step"]');
  const radios = [...document.querySelectorAll('.lem-move-form input[name="movement"]')];
  if (!select || radios.length === 0) return;
  const update = () => {
    const chosen = radios.find((r) => r.checked)?.value;
    for (const group of select.querySelectorAll('optgroup')) {
      const mine = !chosen || group.dataset.movement === chosen;
      group.disabled = !mine;
      group.hidden = !mine;
    }
    const current = select.selectedOptions[0];
    if (current && current.parentElement.tagName === 'OPTGROUP' && current.parentElement.disabled) {
      select.value = '';
    }
  };
  for (const r of radios) r.addEventListener('change', update);
  update();
})();
