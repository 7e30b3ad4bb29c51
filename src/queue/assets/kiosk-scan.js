// The kiosk's camera reads the QR code of an appointment confirmation, puts what it holds (the
// check-in link) into the code field and sends the form, as a hand scanner would: the server reads
// the code from the link. Shown only where the browser offers a camera; the typed form works
// without this script. BarcodeDetector where the browser has it, jsQR (our own asset) otherwise.
(function () {
  'use strict';
  var TIMEOUT_MS = 40000; // before the kiosk's own return to the start (kiosk.js, 60 s without a touch)
  var INTERVAL_MS = 150;
  var MAX_SIDE = 800; // frames are scaled down to this for jsQR: enough for a code at a hand's width
  var root = document.querySelector('[data-scan]');
  var form = document.querySelector('[data-scan-form]');
  var media = navigator.mediaDevices;
  if (!root || !form || !media || typeof media.getUserMedia !== 'function') return;
  var field = form.querySelector('[name="code"]');
  var start = root.querySelector('[data-scan-start]');
  var panel = root.querySelector('[data-scan-panel]');
  var title = panel.querySelector('h2');
  var video = root.querySelector('[data-scan-video]');
  var status = root.querySelector('[data-scan-status]');
  var error = root.querySelector('[data-scan-error]');
  var cancel = root.querySelector('[data-scan-cancel]');
  var stream = null;
  var timer = null;
  var session = 0; // a scan that was cancelled (or ended) must not act when its promises settle
  var jsQrLoading = null;

  function text(key) {
    return root.getAttribute(`data-text-${key}`) || '';
  }
  function say(key) {
    status.textContent = text(key);
  }

  function release() {
    clearTimeout(timer);
    timer = null;
    if (stream)
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
    stream = null;
    video.srcObject = null;
  }

  function close() {
    session++;
    release();
    status.textContent = '';
    panel.hidden = true;
    start.hidden = false;
  }

  function fail(key) {
    close();
    error.querySelector('.kern-title').textContent = text(key);
    error.hidden = false;
    start.focus();
  }

  function reasonOf(problem) {
    var name = problem?.name;
    if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
    if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError')
      return 'noCamera';
    return 'failed';
  }

  function loadJsQr() {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    if (!jsQrLoading) {
      jsQrLoading = new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = root.getAttribute('data-jsqr');
        script.onload = function () {
          if (window.jsQR) resolve(window.jsQR);
          else reject(new Error('jsQR missing'));
        };
        script.onerror = function () {
          jsQrLoading = null;
          reject(new Error('jsQR not loaded'));
        };
        document.head.appendChild(script);
      });
    }
    return jsQrLoading;
  }

  function jsQrDecoder() {
    return loadJsQr().then(function (jsQR) {
      var canvas = document.createElement('canvas');
      var context = canvas.getContext('2d', { willReadFrequently: true });
      return function (frame) {
        var scale = Math.min(1, MAX_SIDE / Math.max(frame.videoWidth, frame.videoHeight));
        var width = Math.round(frame.videoWidth * scale);
        var height = Math.round(frame.videoHeight * scale);
        if (!width || !height) return Promise.resolve(null);
        canvas.width = width;
        canvas.height = height;
        context.drawImage(frame, 0, 0, width, height);
        var found = jsQR(context.getImageData(0, 0, width, height).data, width, height, {
          inversionAttempts: 'dontInvert',
        });
        return Promise.resolve(found ? found.data : null);
      };
    });
  }

  function decoder() {
    if (!('BarcodeDetector' in window)) return jsQrDecoder();
    return window.BarcodeDetector.getSupportedFormats().then(
      function (formats) {
        if (formats.indexOf('qr_code') < 0) return jsQrDecoder();
        var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
        return function (frame) {
          return detector.detect(frame).then(function (codes) {
            return codes.length ? codes[0].rawValue : null;
          });
        };
      },
      function () {
        return jsQrDecoder();
      },
    );
  }

  function found(value) {
    release();
    say('found');
    field.value = value.trim().slice(0, field.maxLength > 0 ? field.maxLength : 200);
    if (typeof form.requestSubmit === 'function') form.requestSubmit();
    else form.submit();
  }

  function scan(decode, id, deadline) {
    if (id !== session) return;
    if (Date.now() > deadline) return fail('timeout');
    var read = video.readyState >= 2 ? decode(video) : Promise.resolve(null);
    read.then(
      function (value) {
        if (id !== session) return;
        if (value) return found(value);
        timer = setTimeout(function () {
          scan(decode, id, deadline);
        }, INTERVAL_MS);
      },
      function () {
        if (id === session) fail('failed');
      },
    );
  }

  function open() {
    var id = ++session;
    error.hidden = true;
    start.hidden = true;
    panel.hidden = false;
    title.focus();
    say('starting');
    // A kiosk tablet's front camera faces the person; any camera will do where there is none.
    var camera = media.getUserMedia({ video: { facingMode: 'user' }, audio: false });
    Promise.all([camera, decoder()])
      .then(function (ready) {
        if (id !== session) {
          ready[0].getTracks().forEach(function (track) {
            track.stop();
          });
          return;
        }
        stream = ready[0];
        var facing = stream.getVideoTracks()[0].getSettings()?.facingMode;
        video.classList.toggle('is-mirrored', facing !== 'environment');
        video.srcObject = stream;
        return video.play().then(function () {
          if (id !== session) return;
          say('looking');
          scan(ready[1], id, Date.now() + TIMEOUT_MS);
        });
      })
      .catch(function (problem) {
        // The camera may have started while the decoder failed to load: switch it off again.
        camera.then(
          function (opened) {
            if (opened !== stream)
              opened.getTracks().forEach(function (track) {
                track.stop();
              });
          },
          function () {},
        );
        if (id === session) fail(reasonOf(problem));
      });
  }

  function show() {
    root.hidden = false;
    start.addEventListener('click', open);
    cancel.addEventListener('click', function () {
      close();
      start.focus();
    });
    window.addEventListener('pagehide', close);
    document.addEventListener('visibilitychange', function () {
      if (document.hidden && !panel.hidden) close();
    });
  }

  // The button only where the device has a camera (its list is readable before any permission).
  if (typeof media.enumerateDevices !== 'function') return show();
  media.enumerateDevices().then(function (devices) {
    if (
      devices.some(function (device) {
        return device.kind === 'videoinput';
      })
    )
      show();
  }, show);
})();
