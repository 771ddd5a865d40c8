// Co-creation pages: small enhancements. Everything works without this file (forms post back);
// no inline script (CSP), no eval, no dependencies.
(() => {
  'use strict';

  // Prioritising: the points left, counted while typing (the server still checks on saving).
  const status = document.querySelector('[data-cc-points-left]');
  if (status) {
    const inputs = [...document.querySelectorAll('.cc-points input[type="number"]')];
    const total = Number.parseInt(status.dataset.total, 10);
    const update = () => {
      const used = inputs.reduce((sum, i) => sum + (Number.parseInt(i.value, 10) || 0), 0);
      const left = total - used;
      const words = left >= 0 ? status.dataset.left : status.dataset.over;
      status.textContent = words.replace('{n}', String(Math.abs(left))).replace('{total}', String(total));
    };
    for (const input of inputs) input.addEventListener('input', update);
  }

  // Clustering: drag a pitch onto a cluster (or onto "not in a cluster"). The drop sets the
  // pitch's own "Verplaats naar" select and sends that form, so keyboard and mouse do the same.
  let dragged = null;
  const clearTargets = () => {
    for (const el of document.querySelectorAll('.cc-drop-over')) el.classList.remove('cc-drop-over');
  };
  for (const row of document.querySelectorAll('[data-cc-pitch]')) {
    const form = row.querySelector('form.cc-move');
    if (!form) continue;
    row.draggable = true;
    row.classList.add('cc-draggable');
    row.addEventListener('dragstart', (e) => {
      dragged = form;
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', row.dataset.ccPitch);
    });
    row.addEventListener('dragend', () => {
      dragged = null;
      clearTargets();
    });
  }
  const targets = document.querySelectorAll('[data-cc-cluster]');
  for (const target of targets) {
    const accepts = () =>
      dragged !== null && [...dragged.querySelector('select').options].some((o) => o.value === target.dataset.ccCluster);
    target.addEventListener('dragover', (e) => {
      if (!accepts()) return;
      e.preventDefault();
      target.classList.add('cc-drop-over');
    });
    target.addEventListener('dragleave', (e) => {
      if (!target.contains(e.relatedTarget)) target.classList.remove('cc-drop-over');
    });
    target.addEventListener('drop', (e) => {
      if (!accepts()) return;
      e.preventDefault();
      dragged.querySelector('select').value = target.dataset.ccCluster;
      dragged.requestSubmit();
    });
  }
  if (targets.length > 0 && document.querySelector('.cc-draggable')) {
    for (const hint of document.querySelectorAll('[data-cc-drag-hint]')) hint.hidden = false;
  }
})();
