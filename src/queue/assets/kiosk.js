// The entrance kiosk: a print button on the ticket, and back to the language choice after a while
// without a touch, so that the next person does not find the previous one's screen.
(function () {
  'use strict';
  var IDLE_MS = 60000;
  var print = document.querySelector('[data-print]');
  if (print) {
    print.hidden = false;
    print.addEventListener('click', function () {
      window.print();
    });
  }
  var home = document.querySelector('[data-kiosk-return]');
  var start = home ? home.getAttribute('data-kiosk-return') : location.pathname.split('/').slice(0, 3).join('/');
  if (location.pathname === start) return;
  var timer;
  function reset() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      location.href = start;
    }, IDLE_MS);
  }
  ['pointerdown', 'keydown'].forEach(function (name) {
    document.addEventListener(name, reset);
  });
  reset();
})();
