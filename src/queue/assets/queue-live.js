// Live updates of the waiting-room display and the phone page (server-sent events). The pages work
// without this script (the phone page has a refresh link); it only keeps them current, sounds a
// chime on a new call, rotates the welcome, and reconnects after a network drop or server restart.
(function () {
  'use strict';
  var root = document.querySelector('[data-live]');
  if (!root) return;
  var kind = root.getAttribute('data-live-kind');
  var offline = document.querySelector('[data-live-offline]');
  var audio = null;

  function chime() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === 'suspended') {
        showSoundButton();
        return;
      }
      [660, 880].forEach(function (frequency, i) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        var start = audio.currentTime + i * 0.35;
        osc.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.4, start + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.6);
        osc.connect(gain).connect(audio.destination);
        osc.start(start);
        osc.stop(start + 0.65);
      });
    } catch (_error) {
      /* no audio on this device */
    }
  }

  function showSoundButton() {
    var button = document.querySelector('[data-sound]');
    if (!button) return;
    button.hidden = false;
    button.onclick = function () {
      if (audio) audio.resume();
      button.hidden = true;
    };
  }

  var seen = null;
  function renderDisplay(state) {
    var body = document.querySelector('[data-calls]');
    var keys = state.calls.map(function (c) {
      return `${c.number}:${c.calls}`;
    });
    var fresh =
      seen === null
        ? []
        : keys.filter(function (k) {
            return seen.indexOf(k) < 0;
          });
    seen = keys;
    while (body.firstChild) body.removeChild(body.firstChild);
    state.calls.forEach(function (call, i) {
      var row = document.createElement('tr');
      var number = document.createElement('td');
      var counter = document.createElement('td');
      number.textContent = call.number;
      number.setAttribute('dir', 'ltr');
      counter.textContent = call.counter;
      row.setAttribute('data-call', keys[i]);
      if (i === 0) row.className = 'is-latest';
      if (fresh.indexOf(keys[i]) >= 0) row.className += ' is-new';
      row.appendChild(number);
      row.appendChild(counter);
      body.appendChild(row);
    });
    document.querySelector('[data-empty]').hidden = state.calls.length > 0;
    if (fresh.length > 0) chime();
  }

  var lastStatus = null;
  function renderTicket(state) {
    var box = document.querySelector('[data-lines]');
    while (box.firstChild) box.removeChild(box.firstChild);
    state.lines.forEach(function (line) {
      var p = document.createElement('p');
      p.className = 'kern-body kern-body--large';
      p.textContent = line;
      box.appendChild(p);
    });
    box.className = `site-phone__state is-${state.status}`;
    box.setAttribute('data-status', state.status);
    var cancel = document.querySelector('[data-cancel]');
    if (cancel) cancel.hidden = !(state.status === 'waiting' || state.status === 'parked');
    if (state.status === 'called' && lastStatus !== null && lastStatus !== 'called') {
      chime();
      if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
    }
    lastStatus = state.status;
  }

  function connect() {
    if (!window.EventSource) return;
    var source = new EventSource(root.getAttribute('data-live'));
    source.addEventListener('state', function (event) {
      if (offline) offline.hidden = true;
      root.setAttribute('data-live-connected', '');
      var state = JSON.parse(event.data);
      if (kind === 'display') renderDisplay(state);
      else renderTicket(state);
    });
    source.onerror = function () {
      if (offline) offline.hidden = false;
      root.removeAttribute('data-live-connected');
      // The browser retries by itself after a network error; after an HTTP error it gives up, so start again.
      if (source.readyState === 2) setTimeout(connect, 2000);
    };
  }

  var rotate = document.querySelector('[data-rotate]');
  if (rotate) {
    var items = rotate.children;
    var shown = 0;
    rotate.className += ' is-rotating';
    items[0].className = 'is-shown';
    setInterval(function () {
      items[shown].className = '';
      shown = (shown + 1) % items.length;
      items[shown].className = 'is-shown';
    }, 4000);
  }
  connect();
})();
