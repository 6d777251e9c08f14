#!/usr/bin/env node
// verify-bundle.mjs — the Node command line of cchc-verifier.js.
//
//   node tools/verifier-js/verify-bundle.mjs <bundle.json.gz | bundle.json | DIR>
//        (--public-key key.pem | --key-fingerprint HEX[,HEX…])… [--json] [--proof]
//
// Exit codes (docs/integrity/README.md "Exit codes of `cchc verify-bundle`"):
//   0 identical (or, with --proof, proven)
//   1 not proven, incomplete, different, or evidence altered (a file of DIR/evidence that does not hash to its name)
//   2 unreadable, or not a cchc-bundle/2 (also: a usage error)
//   3 no trusted key: no usable --public-key, and no pinned fingerprint is the bundle's own key
//
// A DIR argument means DIR/bundle.json.gz. The key next to a bundle is never trusted implicitly:
// give it with --public-key only if you obtained it outside the bundle.

import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { verifyBundle, verifyProof, formatVerdict, statusLabel } from './cchc-verifier.js';

const USAGE = `usage: node verify-bundle.mjs <bundle.json.gz|bundle.json|DIR> (--public-key key.pem | --key-fingerprint HEX)… [--json] [--proof]

  --public-key FILE        a PEM public key you trust (repeatable)
  --key-fingerprint HEX    a pinned key fingerprint, 64 hex characters (repeatable, or comma-separated):
                           without --public-key, the bundle's own key is used only if its fingerprint is pinned;
                           with --public-key, pins are not consulted
  --json                   print the verdict as JSON
  --proof                  the file is a cchc-proof/2 (a scorecard proof), not a bundle

exit 0 identical, 1 not proven / incomplete / different, 2 unreadable, 3 no trusted key`;

function parseArgs(argv) {
  const a = { file: null, keys: [], pins: [], json: false, proof: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${x} needs a value`);
      return argv[++i];
    };
    if (x === '--public-key') a.keys.push(next());
    else if (x === '--key-fingerprint') a.pins.push(...next().split(','));
    else if (x === '--json') a.json = true;
    else if (x === '--proof') a.proof = true;
    else if (x === '-h' || x === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (x.startsWith('--')) throw new Error(`unknown option ${x}`);
    else if (a.file === null) a.file = x;
    else throw new Error(`unexpected argument ${x}`);
  }
  if (!a.file) throw new Error('no bundle given');
  return a;
}

function formatProofVerdict(v) {
  const lines = [v.status === 'proven' ? 'proven' : `${statusLabel(v.status)}: ${v.reasons[0] ?? ''}`];
  for (const r of v.reasons.slice(v.status === 'proven' ? 0 : 1)) lines.push(`  ${r}`);
  if (v.key) lines.push(`key ${v.key.fingerprint} (${v.key.source === 'public-key' ? 'given' : 'pinned fingerprint'})`);
  if (v.checkpoint) lines.push(`checkpoint at sequence ${v.checkpoint.sequence}, ${v.checkpoint.treeSize} leaves, ${v.checkpoint.at}`);
  if (v.notYetCovered.length) lines.push(`not yet covered by a checkpoint: sequences ${v.notYetCovered.join(', ')}`);
  for (const w of v.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

/** bundles.md "Evidence files": the regular files of DIR/evidence, read one at a time when checked; none without the folder. */
async function evidenceFiles(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  return entries.filter((e) => e.isFile()).map((e) => ({ name: e.name, bytes: async () => new Uint8Array(await readFile(join(dir, e.name))) }));
}

async function main() {
  let a;
  try {
    a = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${e.message}\n\n${USAGE}`);
    return 2;
  }
  let bytes;
  let keys;
  let folder;
  try {
    let file = a.file;
    folder = dirname(file);
    if ((await stat(file)).isDirectory()) {
      folder = file;
      file = join(file, 'bundle.json.gz');
    }
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    console.error(`unreadable: ${e.message}`);
    return 2;
  }
  try {
    keys = await Promise.all(a.keys.map(async (k) => new TextDecoder('utf-8', { fatal: true }).decode(await readFile(k))));
  } catch (e) {
    console.error(`no trusted key: ${e.message}`);
    return 3;
  }
  const options = { trustedPublicKeyPem: keys, trustedFingerprint: a.pins, evidence: await evidenceFiles(join(folder, 'evidence')) };
  const verdict = a.proof ? await verifyProof(bytes, options) : await verifyBundle(bytes, options);
  if (a.json) console.log(JSON.stringify(verdict, null, 2));
  else console.log(a.proof ? formatProofVerdict(verdict) : formatVerdict(verdict));
  return verdict.exitCode;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
