// Solves the ALTCHA proof-of-work challenge of a booking form before it is sent: finds the number n
// with SHA-256(salt + n) = challenge, and puts the signed solution into the form's `altcha` field.
(function () {
  'use strict';
  async function sha256Hex(text) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  }
  async function solve(challenge) {
    for (let n = 0; n <= challenge.maxnumber; n++) {
      if ((await sha256Hex(challenge.salt + n)) === challenge.challenge) return n;
    }
    return null;
  }
  document.querySelectorAll('form[data-pow]').forEach(function (form) {
    const challenge = JSON.parse(form.getAttribute('data-pow'));
    const field = form.querySelector('input[name="altcha"]');
    const solving = solve(challenge).then(function (number) {
      if (number === null) return;
      field.value = btoa(
        JSON.stringify({
          algorithm: challenge.algorithm,
          challenge: challenge.challenge,
          number: number,
          salt: challenge.salt,
          signature: challenge.signature,
        }),
      );
    });
    form.addEventListener('submit', function (event) {
      if (field.value) return;
      event.preventDefault();
      const submitter = event.submitter;
      solving.then(function () {
        form.requestSubmit(submitter);
      });
    });
  });
})();
