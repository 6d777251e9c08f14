// The publication page's Verify button: the independent verifier (tools/verifier-js, written from docs/integrity
// alone) run in the reader's browser. The server only supplies bytes: the bundle, and the ledger's public key unless
// the reader pins the fingerprint printed in the decision, in which case only a key with that fingerprint is trusted.
import { verifyBundle } from '/js/verifier/cchc-verifier.js';

const form = document.getElementById('verify-form');
const result = document.getElementById('verify-result');
const text = (key, ...values) => values.reduce((s, v, i) => s.replace(`{${i}}`, v), form.dataset[key]);

function show(cls, lines) {
  result.className = cls;
  result.replaceChildren(...lines.map(line => Object.assign(document.createElement('p'), { textContent: line })));
}

form.hidden = false;
const fileInput = document.getElementById('verify-file');
const fileName = document.getElementById('verify-file-name');
fileInput.addEventListener('change', () => { fileName.textContent = fileInput.files[0]?.name ?? fileName.dataset.none; });
form.addEventListener('submit', async event => {
  event.preventDefault();
  const button = document.getElementById('verify-button');
  button.disabled = true;
  show('hint', [text('running')]);
  try {
    const file = fileInput.files[0];
    const bundle = new Uint8Array(await (file ?? await fetch(form.dataset.bundle)).arrayBuffer());
    const fingerprint = document.getElementById('verify-fingerprint').value.trim().toLowerCase();
    const trust = fingerprint
      ? { trustedFingerprint: fingerprint }
      : { trustedPublicKeyPem: await (await fetch(document.getElementById('kiem-chung').dataset.publicKey)).text() };
    const v = await verifyBundle(bundle, trust);
    const key = v.key ? text('keyUsed', v.key.fingerprint) : '';
    if (v.identical) {
      show('ok', [text('proven'), text('counts', v.counts.events, v.counts.streams, v.counts.entries, v.digest), key]);
    } else if (v.status === 'untrusted-key') {
      show('error', [text('untrusted'), ...(v.reasons ?? []).slice(0, 1)]);
    } else {
      // The reader's language first (which step of the specification failed), then the verifier's own words.
      const steps = JSON.parse(form.dataset.steps);
      const what = (v.step && steps[v.step - 1]) || (v.reasons?.[0] ?? v.status);
      show('error', [text('notProven', what), ...(v.differences ?? []).slice(0, 5).map(d => `${d.agency} ${d.field}: ${d.published} → ${d.recomputed}`), key]);
      result.append(Object.assign(document.createElement('p'), { className: 'hint', textContent: v.reasons?.[0] ?? '' }));
    }
  } catch (e) {
    show('error', [text('notProven', e.message)]);
  } finally {
    button.disabled = false;
  }
});
