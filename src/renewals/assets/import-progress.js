// The progress of a register import: asks the server every second how far the job has got and moves
// the bar. The page works without this script (it has a refresh link); when the import has ended the
// page is reloaded, so that it shows the counts and the rejected rows.
(function () {
  'use strict';
  var root = document.querySelector('[data-import-progress]');
  if (!root) return;
  var url = root.getAttribute('data-import-progress');
  var bar = root.querySelector('[data-import-bar]');
  var count = root.querySelector('[data-import-count]');
  var status = root.querySelector('[data-import-status]');
  var failures = 0;

  function show(state) {
    bar.max = Math.max(state.total, 1);
    bar.value = state.total === 0 ? 1 : state.processed;
    if (count.textContent !== state.countText) count.textContent = state.countText;
    // Only a change of state is announced (the status is a live region), not every row.
    if (status.textContent !== state.statusText) status.textContent = state.statusText;
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        show(state);
        if (state.status === 'done' || state.status === 'failed') {
          location.reload();
          return;
        }
        setTimeout(poll, 1000);
      })
      .catch(function () {
        failures += 1;
        // Signed out, or the server is away for long: the refresh link is the way on.
        if (failures >= 10) return;
        setTimeout(poll, 1000);
      });
  }
  setTimeout(poll, 1000);
})();
