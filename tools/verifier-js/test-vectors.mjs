#!/usr/bin/env node
// test-vectors.mjs — checks cchc-verifier.js against every vector in docs/integrity/vectors/*.json and
// the example(s) in docs/integrity/examples/, including derived negative cases (a byte changed, an
// event left out, entries changed, another key, no key, forgeries re-signed with a key of our own).
//
//   node tools/verifier-js/test-vectors.mjs <docs/integrity>
//   node tools/verifier-js/test-vectors.mjs <docs/integrity> --bundle <file> [--bundle <file>…]
//        (--public-key <pem> | --key-fingerprint <hex>)… --expect <status> [--with-vectors]
//   node tools/verifier-js/test-vectors.mjs <docs/integrity> --proof <file> --public-key <pem> --expect proven
//
// Prints one line per failure and a summary; exits 0 only when every check passes.
// --expect takes a verdict status (identical, not-proven, incomplete, different, unreadable,
// untrusted-key, proven) or `not-identical` (any status but identical).

import { readFile, readdir } from 'node:fs/promises';
import { join, resolve, basename } from 'node:path';
import * as V from './cchc-verifier.js';

const results = { pass: 0, fail: 0, failures: [] };

function check(name, ok, detail = '') {
  if (ok) results.pass++;
  else {
    results.fail++;
    results.failures.push(name);
    console.log(`FAIL ${name}${detail ? ` — ${detail}` : ''}`);
  }
}

async function checkAsync(name, fn) {
  try {
    const r = await fn();
    if (r === true || r === undefined) check(name, true);
    else check(name, false, typeof r === 'string' ? r : JSON.stringify(r));
  } catch (e) {
    check(name, false, `threw ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`);
  }
}

const eq = (a, b) => (a === b ? true : `expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
const hex = V.toHex;

async function readJsonFile(path) {
  return V.parseJson(new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path)));
}

const str = (x) => (x instanceof V.JsonNumber ? x.text : x);

// ─────────────────────────────────────────────────────────────────────────── event-leaves.json
async function testEventLeaves(dir) {
  const doc = await readJsonFile(join(dir, 'vectors/event-leaves.json'));
  const leaves = {};
  for (const v of doc.vectors) {
    const n = `event-leaves/${v.name}`;
    await checkAsync(`${n}: row → fields`, () => eq(JSON.stringify(V.fieldsFromRow(v.row)), JSON.stringify(v.fields)));
    await checkAsync(`${n}: fields well formed`, () => eq(V.eventFieldProblems(v.fields).join('; '), ''));
    await checkAsync(`${n}: canonical form`, () => eq(V.canonicalForm(v.fields), v.canonical));
    await checkAsync(`${n}: leaf`, async () => eq(hex(await V.eventLeaf(v.fields)), v.leaf));
    await checkAsync(`${n}: chain hash`, async () => eq(hex(await V.chainLink(V.fromHex(v.previousHash), V.fromHex(v.leaf))), v.hash));
    leaves[v.name] = v;
  }
  // nfd-is-another-event: same name after NFC, other bytes, other length prefix, other leaf; the verifier never normalises.
  const a = leaves['sealed-by-the-database'];
  const b = leaves['nfd-is-another-event'];
  if (a && b) {
    check('event-leaves/nfd: the NFD name normalises to the NFC one', b.fields[5].normalize('NFC') === a.fields[5] && b.fields[5] !== a.fields[5]);
    check('event-leaves/nfd: its leaf differs', b.leaf !== a.leaf);
  }
  // A bare field left absent is refused by the field check.
  const bad = [...doc.vectors[0].fields];
  bad[13] = null;
  check('event-leaves: a NULL archived flag is malformed', V.eventFieldProblems(bad).length > 0);
  const badVersion = [...doc.vectors[0].fields];
  badVersion[2] = '01';
  check('event-leaves: a version with a leading zero is malformed', V.eventFieldProblems(badVersion).length > 0);
  check('event-leaves: thirteen fields are malformed', V.eventFieldProblems(doc.vectors[0].fields.slice(1)).length > 0);
  // chain
  let prev = V.GENESIS_HASH;
  for (const [i, link] of doc.chain.entries()) {
    await checkAsync(`event-leaves/chain[${i}]: previous hash`, () => eq(link.previousHash, hex(prev)));
    await checkAsync(`event-leaves/chain[${i}]: hash`, async () => {
      prev = await V.chainLink(V.fromHex(link.previousHash), V.fromHex(link.leaf));
      return eq(hex(prev), link.hash);
    });
  }
  return doc;
}

// ─────────────────────────────────────────────────────────────────────────── merkle.json
async function testMerkle(dir) {
  const doc = await readJsonFile(join(dir, 'vectors/merkle.json'));
  const leaves = doc.leaves.map(V.fromHex);
  for (let i = 0; i < doc.leaves.length; i++) {
    await checkAsync(`merkle: leaf ${i} = leaf('leaf ${i}')`, async () => eq(hex(await V.leafOfCanonical(`leaf ${i}`)), doc.leaves[i]));
  }
  await checkAsync('merkle: empty root', async () => eq(hex(await V.merkleRoot([])), doc.emptyRoot));
  for (const t of doc.trees) {
    const size = Number(str(t.size));
    await checkAsync(`merkle: root of ${size}`, async () => eq(hex(await V.merkleRoot(leaves.slice(0, size))), t.root));
  }
  const mp = doc.multiproof;
  const size = Number(str(mp.size));
  const given = new Map(Object.entries(mp.leaves).map(([k, v]) => [Number(k), V.fromHex(v)]));
  const nodes = new Map(Object.entries(mp.nodes).map(([k, v]) => [k, V.fromHex(v)]));
  await checkAsync('merkle/multiproof: root', async () => eq(hex((await V.multiproofRoot(size, given, nodes)).root), mp.root));
  await checkAsync('merkle/multiproof: keys', () => eq(V.multiproofKeys(size, [...given.keys()]).sort().join(' '), Object.keys(mp.nodes).sort().join(' ')));
  await checkAsync('merkle/multiproof: the given leaves are those of the tree', () => {
    for (const [i, l] of given) if (hex(l) !== doc.leaves[i]) return `leaf ${i}`;
    return true;
  });
  for (const k of nodes.keys()) {
    await checkAsync(`merkle/multiproof: without ${k} it fails`, async () => {
      const less = new Map(nodes);
      less.delete(k);
      try {
        await V.multiproofRoot(size, given, less);
        return 'it did not fail';
      } catch (e) {
        return e instanceof V.Refusal ? true : `threw ${e.message}`;
      }
    });
    await checkAsync(`merkle/multiproof: ${k} altered gives another root`, async () => {
      const alt = new Map(nodes);
      const h = Uint8Array.from(alt.get(k));
      h[31] ^= 1;
      alt.set(k, h);
      return (await V.multiproofRoot(size, given, alt)).root.every((b, i) => b === V.fromHex(mp.root)[i]) ? 'same root' : true;
    });
  }
  await checkAsync('merkle/multiproof: a given hash is never used for a subtree holding a given leaf', async () => {
    const more = new Map(nodes);
    more.set('2:1', new Uint8Array(32));
    more.set('2:2', new Uint8Array(32));
    more.set('0:4', new Uint8Array(32));
    more.set('4:3', new Uint8Array(32));
    more.set('6:1', new Uint8Array(32));
    more.set('0:7', new Uint8Array(32));
    const { root, used } = await V.multiproofRoot(size, given, more);
    return eq(`${hex(root)} ${[...used].sort().join(' ')}`, `${mp.root} ${Object.keys(mp.nodes).sort().join(' ')}`);
  });
  await checkAsync('merkle/multiproof: an altered leaf gives another root', async () => {
    const alt = new Map(given);
    alt.set(2, leaves[3]);
    return hex((await V.multiproofRoot(size, alt, nodes)).root) !== mp.root ? true : 'same root';
  });
  // Every non-empty subset of leaves of every tree size: the multiproof built from all leaves gives the root.
  let subsetFailures = 0;
  for (let n = 1; n <= leaves.length; n++) {
    const root = hex(await V.merkleRoot(leaves.slice(0, n)));
    for (let mask = 1; mask < 1 << n; mask++) {
      const idx = [];
      for (let i = 0; i < n; i++) if (mask & (1 << i)) idx.push(i);
      const keys = V.multiproofKeys(n, idx);
      const ns = new Map();
      for (const k of keys) {
        const [s, c] = k.split(':').map(Number);
        ns.set(k, await V.merkleRoot(leaves.slice(s, s + c)));
      }
      const g = new Map(idx.map((i) => [i, leaves[i]]));
      if (hex((await V.multiproofRoot(n, g, ns)).root) !== root) subsetFailures++;
    }
  }
  check('merkle: multiproofs of every subset of every tree of 1…7 leaves', subsetFailures === 0, `${subsetFailures} subsets failed`);
}

// ─────────────────────────────────────────────────────────────────────────── checkpoint.json
async function testCheckpoint(dir, eventDoc) {
  const doc = await readJsonFile(join(dir, 'vectors/checkpoint.json'));
  const cp = {
    ...doc.checkpoint,
    sequence: Number(str(doc.checkpoint.sequence)),
    treeSize: Number(str(doc.checkpoint.treeSize)),
  };
  await checkAsync('checkpoint: the six-line text', () => eq(V.checkpointText(cp), doc.signed));
  await checkAsync('checkpoint: fields well formed', () => eq(V.checkpointFieldProblems(cp).join('; '), ''));
  await checkAsync('checkpoint: fingerprint', async () => eq(await V.keyFingerprint(doc.publicKey), doc.fingerprint));
  await checkAsync('checkpoint: keyId of the fingerprint', () => eq(V.keyIdOf(doc.fingerprint), doc.keyId));
  await checkAsync("checkpoint: the checkpoint's keyId", () => eq(doc.checkpoint.keyId, doc.keyId));
  await checkAsync('checkpoint: imported key fingerprint', async () => eq((await V.importPublicKeyPem(doc.publicKey)).fingerprint, doc.fingerprint));
  await checkAsync('checkpoint: the signature verifies', async () => eq(await V.verifyCheckpointSignature(doc.signed, cp.signature, doc.publicKey), true));
  for (const w of doc.wrong) {
    await checkAsync(`checkpoint/wrong: ${w.change} does not verify`, async () =>
      eq(await V.verifyCheckpointSignature(w.signed, cp.signature, doc.publicKey), w.valid),
    );
  }
  await checkAsync('checkpoint: a signature with one bit changed does not verify', async () => {
    const sig = V.base64Decode(cp.signature);
    sig[10] ^= 1;
    const b64 = Buffer.from(sig).toString('base64');
    return eq(await V.verifyCheckpointSignature(doc.signed, b64, doc.publicKey), false);
  });
  await checkAsync('checkpoint: a DER (non-P1363) signature is refused', async () =>
    eq(await V.verifyCheckpointSignature(doc.signed, Buffer.from(new Uint8Array(70)).toString('base64'), doc.publicKey), false),
  );
  if (eventDoc) {
    await checkAsync('checkpoint: head = the chain hash of the four event vectors', () => eq(cp.head, eventDoc.chain[eventDoc.chain.length - 1].hash));
    await checkAsync('checkpoint: root = the Merkle root of the four event leaves', async () =>
      eq(hex(await V.merkleRoot(eventDoc.vectors.map((v) => V.fromHex(v.leaf)))), cp.root),
    );
  }
  return doc;
}

// ─────────────────────────────────────────────────────────────────────────── mac.json
async function testMac(dir) {
  const doc = await readJsonFile(join(dir, 'vectors/mac.json'));
  const key = V.base64Decode(doc.key);
  for (const [i, v] of doc.vectors.entries()) {
    await checkAsync(`mac[${i}]`, async () => eq(hex(await V.eventMac(key, V.fromHex(v.leaf))), v.mac));
  }
  await checkAsync('mac: another leaf, another MAC', async () => {
    const l = V.fromHex(doc.vectors[0].leaf);
    l[0] ^= 1;
    return hex(await V.eventMac(key, l)) !== doc.vectors[0].mac ? true : 'same MAC';
  });
}

// ─────────────────────────────────────────────────────────────────────────── publication.json
async function testPublication(dir) {
  const doc = await readJsonFile(join(dir, 'vectors/publication.json'));
  const byName = {};
  for (const v of doc.vectors) {
    byName[v.name] = v;
    await checkAsync(`publication/${v.name}: canonical line`, () => eq(V.publicationCanonicalLine(v.publication), v.canonical));
    await checkAsync(`publication/${v.name}: digest`, async () => eq(await V.publicationDigest(v.publication), v.digest));
    await checkAsync(`publication/${v.name}: digest of the canonical text`, async () => eq(await V.sha256Hex(v.canonical), v.digest));
    await checkAsync(`publication/${v.name}: format`, () => eq(V.publicationFormat(v.publication), v.name === 'format-1' ? 1 : 2));
  }
  if (byName['format-1'] && byName['format-2']) {
    check('publication: format 2 names format 1 as previous', byName['format-2'].publication.previous.digest === byName['format-1'].digest);
    await checkAsync('publication: format null is format 1', () => eq(V.publicationFormat({ ...byName['format-1'].publication, format: null }), 1));
    await checkAsync('publication: an unknown format is refused', () => {
      try {
        V.publicationCanonicalLine({ ...byName['format-2'].publication, format: 'cchc-publication/3' });
        return 'not refused';
      } catch (e) {
        return e instanceof V.Refusal ? true : e.message;
      }
    });
    await checkAsync('publication: publishedAt with an offset is the same instant', async () => {
      const p = { ...byName['format-1'].publication, publishedAt: '2018-02-01T10:04:05.123456+07:00' };
      return eq(await V.publicationDigest(p), byName['format-1'].digest);
    });
    await checkAsync('publication: a changed name changes the digest', async () => {
      const p = JSON.parse(JSON.stringify(byName['format-1'].publication));
      p.entries[0].name += ' ';
      return (await V.publicationDigest(p)) !== byName['format-1'].digest ? true : 'same digest';
    });
  }
  await checkAsync('publication: instants', () => {
    const cases = [
      ['2026-11-29T23:07:28.191114+00:00', '2026-11-29T23:07:28.191114Z'],
      ['2026-11-29T23:07:28.1911140+00:00', '2026-11-29T23:07:28.191114Z'],
      ['2026-11-29T23:07:28+00:00', '2026-11-29T23:07:28.000000Z'],
      ['2027-01-01T05:00:00.5+07:00', '2026-12-31T22:00:00.500000Z'],
      ['2024-02-28T20:30:00.000001-04:00', '2024-02-29T00:30:00.000001Z'],
      ['2018-02-01T03:04:05.123456Z', '2018-02-01T03:04:05.123456Z'],
      // publication.md: digits beyond the sixth are dropped (truncated, never rounded).
      ['2026-11-29T23:07:28.1234567+00:00', '2026-11-29T23:07:28.123456Z'],
      ['2026-11-29T23:07:28.123456999Z', '2026-11-29T23:07:28.123456Z'],
    ];
    for (const [a, b] of cases) if (V.utcInstant(a) !== b) return `${a} → ${V.utcInstant(a)}`;
    for (const bad of ['2026-11-29 23:07:28Z', '2026-02-30T00:00:00Z', '2026-11-29T23:07:28']) {
      try {
        V.utcInstant(bad);
        return `accepted ${bad}`;
      } catch {
        /* refused */
      }
    }
    return true;
  });
  await checkAsync('publication: numbers', () => {
    const cases = [['77.90', '77.9'], ['80.00', '80'], ['-0.50', '-0.5'], ['0', '0'], ['-0.00', '0'], ['1E+2', '100'], ['1.5e-3', '0.0015'], ['100', '100'], ['0.10', '0.1']];
    for (const [a, b] of cases) if (V.canonicalNumber(a) !== b) return `${a} → ${V.canonicalNumber(a)}`;
    return true;
  });
  await checkAsync('publication: strings', () =>
    eq(V.canonicalString('a"b\\c\t\u0001\u001f é/\u007f'), '"a\\"b\\\\c\\u0009\\u0001\\u001f é/\u007f"'),
  );
}

// ─────────────────────────────────────────────────────────────────────────── scoring.json
async function testScoring(dir) {
  const doc = await readJsonFile(join(dir, 'vectors/scoring.json'));
  for (const v of doc.vectors) {
    const n = `scoring/${v.name}`;
    let rules;
    try {
      rules = V.parseRules(v.rules);
    } catch (e) {
      check(`${n}: rules`, false, e.message);
      continue;
    }
    const cards = [];
    for (const sc of v.scorecards) {
      const m = `${n}/${sc.agency}`;
      let score;
      try {
        score = V.scoreCard(rules, V.foldScorecard(sc.events));
      } catch (e) {
        check(`${m}: scored`, false, e.message);
        continue;
      }
      cards.push({ agency: sc.agency, name: sc.name, score });
      const x = sc.expected;
      for (const [code, pts] of Object.entries(x.leaves)) {
        check(`${m}: leaf ${code}`, score.leaves.get(code)?.toString() === pts, `expected ${pts}, got ${score.leaves.get(code)}`);
      }
      check(`${m}: leaf count`, score.leaves.size === Object.keys(x.leaves).length, `${score.leaves.size} leaves`);
      for (const [code, node] of Object.entries(x.nodes)) {
        const got = score.nodes.get(code);
        check(`${m}: node ${code} points`, got?.points.toString() === node.points, `expected ${node.points}, got ${got?.points}`);
        check(`${m}: node ${code} capped`, got?.capped === node.capped, `expected ${node.capped}, got ${got?.capped}`);
      }
      check(`${m}: total`, score.total.toString() === x.total, `expected ${x.total}, got ${score.total}`);
      check(`${m}: index`, score.index.toString() === x.index, `expected ${x.index}, got ${score.index}`);
      check(`${m}: classification`, score.classification === x.classification, `expected ${x.classification}, got ${score.classification}`);
    }
    const ranking = V.rankCards(rules, cards);
    check(`${n}: ranking length`, ranking.length === v.ranking.length, `${ranking.length} entries`);
    v.ranking.forEach((want, i) => {
      const got = ranking[i];
      const gotJ = got && { rank: got.rank.toString(), agency: got.agency, name: got.name, total: got.total.toString(), index: got.index.toString(), classification: got.classification };
      const wantJ = { rank: str(want.rank), agency: want.agency, name: want.name, total: want.total, index: want.index, classification: want.classification };
      check(`${n}: ranking[${i}]`, JSON.stringify(gotJ) === JSON.stringify(wantJ), `expected ${JSON.stringify(wantJ)}, got ${JSON.stringify(gotJ)}`);
    });
  }
  // Rounding modes on exact quotients (scoring.md "Rounding rule R").
  await checkAsync('scoring: rounding modes', () => {
    const R = (n, d, decimals, mode) => V.roundQuotient(n, d, { decimals, mode }).toString();
    const cases = [
      [['1', '8', 2, 'HalfUp'], '0.13'], [['1', '8', 2, 'HalfEven'], '0.12'], [['3', '8', 2, 'HalfEven'], '0.38'], [['1', '8', 2, 'Down'], '0.12'],
      [['-1', '8', 2, 'HalfUp'], '-0.13'], [['-1', '8', 2, 'HalfEven'], '-0.12'], [['-1', '8', 2, 'Down'], '-0.12'],
      [['2', '3', 0, 'HalfUp'], '1'], [['2', '3', 0, 'Down'], '0'], [['7999', '100', 0, 'Down'], '79'], [['40125', '1000', 2, 'HalfUp'], '40.13'],
      [['40125', '1000', 1, 'HalfEven'], '40.1'], [['40150', '1000', 1, 'HalfEven'], '40.2'], [['6', '3', 2, 'HalfUp'], '2'], [['1', '3', 28, 'HalfUp'], '0.3333333333333333333333333333'],
    ];
    for (const [args, want] of cases) if (R(...args) !== want) return `${args.join(' ')} → ${R(...args)}, expected ${want}`;
    return true;
  });
}

// ─────────────────────────────────────────────────────────────────────────── bundle helpers

const clone = (x) => JSON.parse(JSON.stringify(x));

/** The bundle as a plain object whose numbers are JsonNumber-free (integers only appear outside events). */
function toPlain(doc) {
  if (doc instanceof V.JsonNumber) return Number(doc.text);
  if (Array.isArray(doc)) return doc.map(toPlain);
  if (doc !== null && typeof doc === 'object') return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, toPlain(v)]));
  return doc;
}

function pemOfSpki(der) {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN PUBLIC KEY-----\n${b64}\n-----END PUBLIC KEY-----\n`;
}

async function newSigner() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const pem = pemOfSpki(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)));
  const fingerprint = await V.keyFingerprint(pem);
  return {
    pem,
    fingerprint,
    sign: async (text) => Buffer.from(new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, V.utf8(text)))).toString('base64'),
  };
}

/** Recompute every leaf, the head, the root and the multiproof of a bundle whose events were edited, and sign it. */
async function reseal(bundle, allLeavesBefore, signer) {
  const b = bundle;
  const p = b.proof;
  const size = p.checkpoint.treeSize;
  const leaves = allLeavesBefore.slice();
  for (const e of p.events) leaves[e.leafIndex] = await V.eventLeaf(e.fields);
  const headLeaf = leaves[size - 1];
  p.head.leaf = hex(headLeaf);
  p.checkpoint.head = hex(await V.chainLink(V.fromHex(p.head.previousHash), headLeaf));
  p.checkpoint.root = hex(await V.merkleRoot(leaves.slice(0, size)));
  p.nodes = {};
  for (const k of V.multiproofKeys(size, [...p.events.map((e) => e.leafIndex), size - 1])) {
    const [s, c] = k.split(':').map(Number);
    p.nodes[k] = hex(await V.merkleRoot(leaves.slice(s, s + c)));
  }
  p.checkpoint.keyId = V.keyIdOf(signer.fingerprint);
  p.checkpoint.signed = V.checkpointText(p.checkpoint);
  p.checkpoint.signature = await signer.sign(p.checkpoint.signed);
  b.publicKey = signer.pem;
  return b;
}

/** Rebuild only the multiproof (an exporter leaving events out, all remaining events genuine). */
async function rebuildNodes(bundle, allLeaves) {
  const p = bundle.proof;
  const size = p.checkpoint.treeSize;
  p.nodes = {};
  for (const k of V.multiproofKeys(size, [...p.events.map((e) => e.leafIndex), size - 1])) {
    const [s, c] = k.split(':').map(Number);
    p.nodes[k] = hex(await V.merkleRoot(allLeaves.slice(s, s + c)));
  }
  return bundle;
}

/** Recompute the publication's digest inside its event data text (the jsonb text keeps its own rendering). */
async function redigest(bundle) {
  const ev = bundle.proof.events.find((e) => e.fields[0] === String(bundle.publicationSequence));
  const data = V.parseJson(ev.fields[7]);
  const digest = await V.publicationDigest(data);
  ev.fields[7] = ev.fields[7].replace(/"digest": "[0-9a-f]{64}"/, `"digest": "${digest}"`);
  return digest;
}

function replaceOnce(text, from, to) {
  const i = text.indexOf(from);
  if (i < 0) throw new Error(`"${from}" not found`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

/** Change one byte (character) of a text: the first ASCII letter or digit is shifted. */
function changeOneByte(text) {
  const m = /[0-9A-Za-z]/.exec(text);
  if (!m) return `${text}x`;
  const c = text[m.index];
  const d = c === '9' ? '8' : c === 'z' ? 'y' : c === 'Z' ? 'Y' : String.fromCharCode(c.charCodeAt(0) + 1);
  return text.slice(0, m.index) + d + text.slice(m.index + 1);
}

function expectStatus(name, verdict, want) {
  const ok = want === 'not-identical' ? verdict.status !== 'identical' && verdict.exitCode !== 0 : verdict.status === want;
  const exitOk = want === 'not-identical' ? true : verdict.exitCode === V.exitCodeOf(want);
  check(name, ok && exitOk, `expected ${want}, got ${verdict.status} (exit ${verdict.exitCode}): ${verdict.reasons.slice(0, 2).join(' | ')}`);
}

// ─────────────────────────────────────────────────────────────────────────── examples/
async function testExample(exampleDir, otherKeyPem) {
  const name = `example/${basename(exampleDir)}`;
  const files = await readdir(exampleDir);
  const expected = await readJsonFile(join(exampleDir, 'expected.json'));
  const pem = new TextDecoder().decode(await readFile(join(exampleDir, 'public-key.pem')));
  const gz = new Uint8Array(await readFile(join(exampleDir, 'bundle.json.gz')));
  const plainBytes = files.includes('bundle.json') ? new Uint8Array(await readFile(join(exampleDir, 'bundle.json'))) : null;
  const key = { trustedPublicKeyPem: pem };

  await checkAsync(`${name}: the key's fingerprint is expected.json's`, async () => eq(await V.keyFingerprint(pem), expected.fingerprint));
  const v = await V.verifyBundle(gz, key);
  expectStatus(`${name}: bundle.json.gz with public-key.pem is ${expected.verdict}`, v, expected.verdict);
  check(`${name}: exit code ${str(expected.exit)}`, v.exitCode === Number(str(expected.exit)), `exit ${v.exitCode}`);
  check(`${name}: digest`, v.digest === expected.digest && v.publishedDigest === expected.digest, `${v.digest} / ${v.publishedDigest}`);
  const wantEntries = expected.entries.map((e) => ({ rank: Number(str(e.rank)), agency: e.agency, name: e.name, total: V.canonicalNumber(e.total), index: V.canonicalNumber(e.index), classification: e.classification }));
  check(`${name}: recomputed entries`, JSON.stringify(v.entries) === JSON.stringify(wantEntries), JSON.stringify(v.entries));
  check(`${name}: verified by the expected key`, v.key && v.key.fingerprint === expected.fingerprint);
  if (plainBytes) expectStatus(`${name}: bundle.json (plain, indented) is identical`, await V.verifyBundle(plainBytes, key), 'identical');
  expectStatus(`${name}: the decompressed text is identical`, await V.verifyBundle(new TextDecoder().decode(await gunzipNode(gz)), key), 'identical');
  expectStatus(`${name}: pinned fingerprint is identical`, await V.verifyBundle(gz, { trustedFingerprint: expected.fingerprint }), 'identical');
  expectStatus(`${name}: pinned fingerprint in upper case is identical`, await V.verifyBundle(gz, { trustedFingerprint: expected.fingerprint.toUpperCase() }), 'identical');

  // Trust.
  expectStatus(`${name}: no trusted key → untrusted-key (exit 3)`, await V.verifyBundle(gz, {}), 'untrusted-key');
  expectStatus(`${name}: a wrong pinned fingerprint → untrusted-key`, await V.verifyBundle(gz, { trustedFingerprint: 'ab'.repeat(32) }), 'untrusted-key');
  expectStatus(`${name}: a malformed pinned fingerprint → untrusted-key`, await V.verifyBundle(gz, { trustedFingerprint: 'xyz' }), 'untrusted-key');
  expectStatus(`${name}: a key that is not a key → untrusted-key`, await V.verifyBundle(gz, { trustedPublicKeyPem: 'not a key' }), 'untrusted-key');
  if (otherKeyPem) expectStatus(`${name}: another key (checkpoint.json's) → not-proven`, await V.verifyBundle(gz, { trustedPublicKeyPem: otherKeyPem }), 'not-proven');
  const stranger = await newSigner();
  expectStatus(`${name}: a freshly generated key → not-proven`, await V.verifyBundle(gz, { trustedPublicKeyPem: stranger.pem }), 'not-proven');
  expectStatus(
    `${name}: another key and the right one → identical`,
    await V.verifyBundle(gz, { trustedPublicKeyPem: [stranger.pem, pem] }),
    'identical',
  );

  // Plain object form; helpers below edit copies of it.
  const doc = toPlain(V.parseJson(new TextDecoder().decode(await gunzipNode(gz))));
  const verifyObj = (b, opts = key) => V.verifyBundle(JSON.stringify(b), opts);
  expectStatus(`${name}: the bundle as JSON.parse'd object is identical`, await V.verifyBundle(clone(doc), key), 'identical');

  const size = doc.proof.checkpoint.treeSize;
  const allLeaves = new Array(size);
  for (const e of doc.proof.events) allLeaves[e.leafIndex] = await V.eventLeaf(e.fields);
  allLeaves[size - 1] = V.fromHex(doc.proof.head.leaf);
  const haveAll = allLeaves.every(Boolean);

  // A byte of an event changed: every event, every field.
  for (const [i, e] of doc.proof.events.entries()) {
    for (let f = 0; f < 14; f++) {
      if (e.fields[f] === null) continue;
      const b = clone(doc);
      b.proof.events[i].fields[f] = changeOneByte(e.fields[f]);
      const r = await verifyObj(b);
      check(`${name}: event ${i} field ${f + 1} with one byte changed is not identical (not-proven)`, r.status === 'not-proven', `${r.status}: ${r.reasons[0]}`);
    }
    const b = clone(doc);
    b.proof.events[i].fields[6] = b.proof.events[i].fields[6] === null ? '' : null;
    const r = await verifyObj(b);
    check(`${name}: event ${i} with headers absent/present swapped is not-proven`, r.status === 'not-proven', `${r.status}: ${r.reasons[0]}`);
  }

  // An event left out (multiproof unchanged): not proven, or incomplete when the left-out event is the head.
  for (const [i, e] of doc.proof.events.entries()) {
    const b = clone(doc);
    b.proof.events.splice(i, 1);
    const r = await verifyObj(b);
    const want = e.leafIndex === size - 1 ? 'incomplete' : 'not-proven';
    expectStatus(`${name}: event ${i} (leaf ${e.leafIndex}) left out → ${want}`, r, want);
  }
  // An event left out with a rebuilt multiproof (the remaining events all genuine): incomplete.
  if (haveAll) {
    for (const [i, e] of doc.proof.events.entries()) {
      const b = clone(doc);
      b.proof.events.splice(i, 1);
      await rebuildNodes(b, allLeaves);
      expectStatus(`${name}: event ${i} (leaf ${e.leafIndex}, ${e.fields[1]} v${e.fields[2]}) left out, multiproof rebuilt → incomplete`, await verifyObj(b), 'incomplete');
    }
    const b = clone(doc);
    const sc = b.proof.events.filter((e) => e.fields[1].startsWith('scorecard-')).map((e) => e.fields[1]);
    const victim = sc[sc.length - 1];
    b.proof.events = b.proof.events.filter((e) => e.fields[1] !== victim);
    b.streams = b.streams.filter((s) => s.id !== victim);
    await rebuildNodes(b, allLeaves);
    expectStatus(`${name}: a whole scorecard stream left out (and unlisted), multiproof rebuilt → incomplete`, await verifyObj(b), 'incomplete');
  }

  // The multiproof itself.
  {
    const b = clone(doc);
    b.proof.nodes['0:1'] = '00'.repeat(32);
    const r = await verifyObj(b);
    check(`${name}: an unused extra subtree hash is ignored (identical, with a warning)`, r.status === 'identical' && r.warnings.length > 0, `${r.status}: ${r.reasons[0]}`);
  }
  {
    const b = clone(doc);
    b.proof.events.push(clone(b.proof.events[3]));
    expectStatus(`${name}: two events claiming one leaf → not-proven`, await verifyObj(b), 'not-proven');
  }
  {
    const b = clone(doc);
    b.proof.events[3].leafIndex = 4;
    b.proof.events[4].leafIndex = 3;
    expectStatus(`${name}: two events' leaf indexes swapped → not-proven`, await verifyObj(b), 'not-proven');
  }
  {
    const b = clone(doc);
    b.proof.events[0].leafIndex = size;
    expectStatus(`${name}: an event outside the signed tree → not-proven`, await verifyObj(b), 'not-proven');
  }
  {
    const b = clone(doc);
    b.proof.events[0].fields.pop();
    expectStatus(`${name}: an event with thirteen fields → not-proven`, await verifyObj(b), 'not-proven');
  }

  // The checkpoint and the head.
  for (const [what, edit] of [
    ['signed text with a final line feed', (b) => (b.proof.checkpoint.signed += '\n')],
    ['signed text in upper-case hex', (b) => (b.proof.checkpoint.signed = b.proof.checkpoint.signed.replace(b.proof.checkpoint.root, b.proof.checkpoint.root.toUpperCase()))],
    ['treeSize changed', (b) => (b.proof.checkpoint.treeSize += 1)],
    ['sequence changed', (b) => (b.proof.checkpoint.sequence += 1)],
    ['root changed in fields and signed text', (b) => {
      const cp = b.proof.checkpoint;
      const root = changeOneByte(cp.root);
      cp.signed = cp.signed.replace(cp.root, root);
      cp.root = root;
    }],
    ['at changed', (b) => (b.proof.checkpoint.at = b.proof.checkpoint.at.replace(/.Z$/, '9Z'))],
    ['signature of another text', (b) => (b.proof.checkpoint.signature = b.proof.checkpoint.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))],
    ['signature not base64', (b) => (b.proof.checkpoint.signature = '!!')],
    ['head.previousHash changed', (b) => (b.proof.head.previousHash = changeOneByte(b.proof.head.previousHash))],
    ['head.leaf changed', (b) => (b.proof.head.leaf = changeOneByte(b.proof.head.leaf))],
    ['head.leafIndex changed', (b) => (b.proof.head.leafIndex -= 1)],
  ]) {
    const b = clone(doc);
    edit(b);
    expectStatus(`${name}: ${what} → not-proven`, await verifyObj(b), 'not-proven');
  }

  // The bundle's own members (outside the signed tree).
  for (const [what, edit, want] of [
    ['format cchc-bundle/1', (b) => (b.format = 'cchc-bundle/1'), 'unreadable'],
    ['an unknown member (ignored)', (b) => (b.extra = 1), 'identical'],
    ['an unknown member inside proof (ignored)', (b) => (b.proof.extra = 1), 'identical'],
    ["the bundle's publicKey not a key", (b) => (b.publicKey = 'garbage'), 'unreadable'],
    ['the listed streams in another order', (b) => b.streams.reverse(), 'incomplete'],
    ['the events in reverse order', (b) => b.proof.events.reverse(), 'identical'],
    ['no proof', (b) => delete b.proof, 'unreadable'],
    ['publication number changed', (b) => (b.publication = 2), 'incomplete'],
    ['block changed', (b) => (b.block = 'departments'), 'incomplete'],
    ['publicationSequence of another event', (b) => (b.publicationSequence -= 1), 'incomplete'],
    ['publicationSequence of no event', (b) => (b.publicationSequence += 100), 'incomplete'],
    ['a listed stream dropped', (b) => b.streams.pop(), 'incomplete'],
    ['a listed stream version raised', (b) => (b.streams[0].version += 1), 'incomplete'],
    ['a listed stream version lowered', (b) => (b.streams[b.streams.length - 1].version -= 1), 'incomplete'],
    ['a stream listed twice', (b) => b.streams.push(clone(b.streams[0])), 'incomplete'],
    ['an extra stream listed', (b) => b.streams.push({ id: 'agency-zzz', version: 0 }), 'incomplete'],
    ['the bundle\'s publicKey replaced by another key (ledger key trusted)', (b) => (b.publicKey = stranger.pem), 'identical'],
  ]) {
    const b = clone(doc);
    edit(b);
    expectStatus(`${name}: ${what} → ${want}`, await verifyObj(b), want);
  }
  expectStatus(`${name}: garbage bytes → unreadable`, await V.verifyBundle(new Uint8Array([1, 2, 3]), key), 'unreadable');
  expectStatus(`${name}: truncated gzip → unreadable`, await V.verifyBundle(gz.slice(0, gz.length - 40), key), 'unreadable');
  expectStatus(`${name}: invalid UTF-8 → unreadable`, await V.verifyBundle(new Uint8Array([0x7b, 0xff, 0x7d]), key), 'unreadable');
  expectStatus(`${name}: JSON with a duplicate member → unreadable`, await V.verifyBundle(`{"format":"cchc-bundle/2","format":"cchc-bundle/2"}`, key), 'unreadable');
  {
    // A pinned fingerprint of a key the forger put in the bundle does not make the ledger's signature verify.
    const b = clone(doc);
    b.publicKey = stranger.pem;
    expectStatus(`${name}: the bundle's key replaced, the replacement pinned → not-proven`, await verifyObj(b, { trustedFingerprint: stranger.fingerprint }), 'not-proven');
    expectStatus(`${name}: the bundle's key replaced, the ledger's fingerprint pinned → untrusted-key`, await verifyObj(b, { trustedFingerprint: expected.fingerprint }), 'untrusted-key');
  }
  // checkpoints.md "Trusting a key": a given key is the trusted key; pinned fingerprints are then not consulted.
  expectStatus(
    `${name}: another key given and the bundle's own fingerprint pinned → not-proven (the given key alone is trusted)`,
    await V.verifyBundle(gz, { trustedPublicKeyPem: stranger.pem, trustedFingerprint: expected.fingerprint }),
    'not-proven',
  );

  // The publication's entries changed inside the sealed event: not proven under the ledger's key.
  const pubIdx = doc.proof.events.findIndex((e) => e.fields[0] === String(doc.publicationSequence));
  const firstTotal = /"total": ([0-9.]+)/.exec(doc.proof.events[pubIdx].fields[7]);
  {
    const b = clone(doc);
    b.proof.events[pubIdx].fields[7] = replaceOnce(b.proof.events[pubIdx].fields[7], firstTotal[0], '"total": 99');
    expectStatus(`${name}: publication entries changed (not re-signed) → not-proven`, await verifyObj(b), 'not-proven');
  }

  // Forgeries re-sealed and re-signed with a key of our own (trust.md: "a forger of a bundle").
  if (haveAll) {
    const forger = await newSigner();
    const forged = async (edit) => {
      const b = clone(doc);
      await edit(b);
      return reseal(b, allLeaves, forger);
    };
    const asForger = { trustedPublicKeyPem: forger.pem };
    {
      const b = await forged(async () => {});
      expectStatus(`${name}: re-signed unchanged, forger's key trusted → identical (the signature machinery works)`, await verifyObj(b, asForger), 'identical');
      expectStatus(`${name}: re-signed unchanged, ledger's key → not-proven`, await verifyObj(b), 'not-proven');
      expectStatus(`${name}: re-signed unchanged, ledger's fingerprint pinned → untrusted-key`, await verifyObj(b, { trustedFingerprint: expected.fingerprint }), 'untrusted-key');
      expectStatus(`${name}: re-signed unchanged, no key → untrusted-key`, await verifyObj(b, {}), 'untrusted-key');
    }
    {
      const b = await forged(async (x) => {
        const e = x.proof.events[pubIdx];
        e.fields[7] = replaceOnce(e.fields[7], firstTotal[0], '"total": 99');
      });
      const r = await verifyObj(b, asForger);
      expectStatus(`${name}: forged entries (digest not recomputed), forger's key → different`, r, 'different');
      check(`${name}: forged entries: the difference is named`, r.differences.some((d) => d.field === 'total'), JSON.stringify(r.differences));
      expectStatus(`${name}: forged entries, ledger's key → not-proven`, await verifyObj(b), 'not-proven');
    }
    {
      const b = await forged(async (x) => {
        const e = x.proof.events[pubIdx];
        e.fields[7] = replaceOnce(e.fields[7], firstTotal[0], '"total": 99');
        await redigest(x);
      });
      const r = await verifyObj(b, asForger);
      expectStatus(`${name}: forged entries with digest recomputed, forger's key → different (the ranking)`, r, 'different');
    }
    {
      const b = await forged(async (x) => {
        const e = x.proof.events[pubIdx];
        e.fields[7] = e.fields[7].replace(/"digest": "([0-9a-f])/, (m, c) => `"digest": "${c === '0' ? '1' : '0'}`);
      });
      expectStatus(`${name}: forged digest only, forger's key → different`, await verifyObj(b, asForger), 'different');
    }
    {
      // Rename an agency in its stream only: the published name no longer matches.
      const b = await forged(async (x) => {
        const e = x.proof.events.find((ev) => ev.fields[3] === 'agency_registered');
        e.fields[7] = e.fields[7].replace(/"name": "([^"]*)"/, '"name": "$1 (giả mạo)"');
      });
      expectStatus(`${name}: an agency renamed in its stream, forger's key → different`, await verifyObj(b, asForger), 'different');
    }
    {
      // A self-consistent forgery (renamed agency, entries and digest recomputed): identical ONLY under the forger's key.
      const b = await forged(async (x) => {
        const e = x.proof.events.find((ev) => ev.fields[3] === 'agency_registered');
        const nm = /"name": "([^"]*)"/.exec(e.fields[7])[1];
        e.fields[7] = e.fields[7].replace(`"name": "${nm}"`, `"name": "${nm} (giả mạo)"`);
        const p = x.proof.events[pubIdx];
        p.fields[7] = p.fields[7].replace(`"name": "${nm}"`, `"name": "${nm} (giả mạo)"`);
        await redigest(x);
      });
      expectStatus(`${name}: a self-consistent forgery, forger's key → identical (the key is the only anchor)`, await verifyObj(b, asForger), 'identical');
      expectStatus(`${name}: a self-consistent forgery, ledger's key → not-proven`, await verifyObj(b), 'not-proven');
      expectStatus(`${name}: a self-consistent forgery, ledger's fingerprint pinned → untrusted-key`, await verifyObj(b, { trustedFingerprint: expected.fingerprint }), 'untrusted-key');
      expectStatus(`${name}: a self-consistent forgery, no key → untrusted-key`, await verifyObj(b, {}), 'untrusted-key');
    }
    {
      // A scorecard value changed in the events (re-signed): the recomputed ranking differs.
      const b = await forged(async (x) => {
        const e = x.proof.events.find((ev) => ev.fields[3] === 'survey_points_entered');
        e.fields[7] = e.fields[7].replace(/"points": ([0-9.]+)/, '"points": 1');
      });
      expectStatus(`${name}: a survey value changed, forger's key → different`, await verifyObj(b, asForger), 'different');
    }
    {
      // An unknown publication format (re-signed): refused.
      const b = await forged(async (x) => {
        const e = x.proof.events[pubIdx];
        e.fields[7] = e.fields[7].replace('"format": "cchc-publication/2"', '"format": "cchc-publication/3"');
      });
      expectStatus(`${name}: publication format cchc-publication/3, forger's key → different (refused)`, await verifyObj(b, asForger), 'different');
    }
    {
      // publication.md: publishedAt digits beyond the sixth are truncated (the digest is unchanged).
      const b = await forged(async (x) => {
        const e = x.proof.events[pubIdx];
        e.fields[7] = e.fields[7].replace(/"publishedAt": "([^"]*?)\+00:00"/, '"publishedAt": "$1789+00:00"');
      });
      expectStatus(`${name}: publishedAt with nine fractional digits, forger's key → identical (truncated)`, await verifyObj(b, asForger), 'identical');
    }
    {
      // publication.md: the publication's stream and throughSequence < its sequence are not checked (warnings only).
      const b = await forged(async (x) => {
        x.proof.events[pubIdx].fields[1] = 'round-2017-other';
      });
      const r = await verifyObj(b, asForger);
      check(`${name}: the publication on another stream, forger's key → identical with a warning`, r.status === 'identical' && r.warnings.some((w) => w.includes('round-2017-other')), `${r.status}: ${r.reasons[0]}`);
    }
    {
      // publication.md "Strings are never null": a null decisionRef cannot be written → different.
      const b = await forged(async (x) => {
        const e = x.proof.events[pubIdx];
        e.fields[7] = e.fields[7].replace(/"decisionRef": "[^"]*"/, '"decisionRef": null');
      });
      expectStatus(`${name}: a null decisionRef, forger's key → different`, await verifyObj(b, asForger), 'different');
    }
    {
      // scoring.md "Event types": an event of a type the ledger does not write → different.
      const b = await forged(async (x) => {
        const e = x.proof.events.find((ev) => ev.fields[3] === 'self_assessment_submitted');
        e.fields[3] = 'something_new';
      });
      expectStatus(`${name}: an event of an unknown type, forger's key → different`, await verifyObj(b, asForger), 'different');
    }
    {
      // bundles.md step 8: format 1 without an agency's stream: the agency is named by its code → different.
      const b = await forged(async (x) => {
        const e = x.proof.events[pubIdx];
        e.fields[7] = e.fields[7].replace(', "format": "cchc-publication/2"', '').replace(/, "streams": \[[^\]]*\]/, '');
        await redigest(x);
        const victim = x.proof.events.find((ev) => ev.fields[3] === 'agency_registered').fields[1];
        x.proof.events = x.proof.events.filter((ev) => ev.fields[1] !== victim);
        x.streams = x.streams.filter((st) => st.id !== victim);
      });
      const r = await verifyObj(b, asForger);
      expectStatus(`${name}: format 1 without an agency's stream, forger's key → different (named by its code)`, r, 'different');
      check(`${name}: format 1 without an agency's stream: the name differs`, r.differences.some((d) => d.field === 'name'), JSON.stringify(r.differences));
    }
    {
      // Format 1 (no marker, no streams), digest recomputed by the format-1 rules: identical, with a warning.
      const b = await forged(async (x) => {
        const e = x.proof.events[pubIdx];
        e.fields[7] = e.fields[7].replace(', "format": "cchc-publication/2"', '').replace(/, "streams": \[[^\]]*\]/, '');
        await redigest(x);
      });
      const r = await verifyObj(b, asForger);
      check(`${name}: the same publication in format 1, forger's key → identical with a warning`, r.status === 'identical' && r.warnings.some((w) => w.includes('format-1')), `${r.status}: ${r.reasons[0]}`);
    }
  }
}

async function gunzipNode(bytes) {
  const { gunzipSync } = await import('node:zlib');
  return new Uint8Array(gunzipSync(bytes));
}

async function testScorecardProof(exampleDir) {
  const name = `example/${basename(exampleDir)}/scorecard-proof`;
  const pem = new TextDecoder().decode(await readFile(join(exampleDir, 'public-key.pem')));
  const text = new TextDecoder().decode(await readFile(join(exampleDir, 'scorecard-proof.json')));
  const key = { trustedPublicKeyPem: pem };
  const r = await V.verifyProof(text, key);
  expectStatus(`${name}: proven with public-key.pem`, r, 'proven');
  expectStatus(`${name}: no key → untrusted-key`, await V.verifyProof(text, {}), 'untrusted-key');
  expectStatus(`${name}: fingerprint pinned → proven`, await V.verifyProof(text, { trustedFingerprint: await V.keyFingerprint(pem) }), 'proven');
  const doc = toPlain(V.parseJson(text));
  const run = (d, k = key) => V.verifyProof(JSON.stringify(d), k);
  {
    const d = clone(doc);
    d.proof.events[1].fields[7] = changeOneByte(d.proof.events[1].fields[7]);
    expectStatus(`${name}: a byte changed → not-proven`, await run(d), 'not-proven');
  }
  {
    const d = clone(doc);
    d.proof.events.splice(2, 1);
    expectStatus(`${name}: an event left out → not-proven`, await run(d), 'not-proven');
  }
  {
    const d = clone(doc);
    d.stream.version += 1;
    expectStatus(`${name}: stream.version raised → incomplete`, await run(d), 'incomplete');
  }
  {
    const d = clone(doc);
    d.agency = 'van-quan';
    expectStatus(`${name}: another agency named → incomplete`, await run(d), 'incomplete');
  }
  {
    const d = clone(doc);
    d.format = 'cchc-proof/1';
    expectStatus(`${name}: format cchc-proof/1 → unreadable`, await run(d), 'unreadable');
  }
  {
    const d = clone(doc);
    d.proof = null;
    expectStatus(`${name}: proof null → not-proven`, await run(d), 'not-proven');
  }
}

// ─────────────────────────────────────────────────────────────────────────── harness mode
function parseArgs(argv) {
  const a = { dir: null, bundles: [], proofs: [], keys: [], pins: [], expect: null, withVectors: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${x} needs a value`);
      return argv[++i];
    };
    if (x === '--bundle') a.bundles.push(next());
    else if (x === '--proof') a.proofs.push(next());
    else if (x === '--public-key') a.keys.push(next());
    else if (x === '--key-fingerprint') a.pins.push(next());
    else if (x === '--expect') a.expect = next();
    else if (x === '--with-vectors') a.withVectors = true;
    else if (x.startsWith('--')) throw new Error(`unknown option ${x}`);
    else if (a.dir === null) a.dir = x;
    else throw new Error(`unexpected argument ${x}`);
  }
  return a;
}

const KNOWN_EXPECT = new Set([...Object.values(V.STATUS), 'not-identical']);

async function harness(a) {
  if (!a.expect) throw new Error('--bundle/--proof needs --expect <status>');
  const want = a.expect.toLowerCase().replace(/\s+/g, '-');
  if (!KNOWN_EXPECT.has(want)) throw new Error(`--expect ${a.expect}: one of ${[...KNOWN_EXPECT].join(', ')}`);
  const keys = await Promise.all(a.keys.map(async (k) => new TextDecoder().decode(await readFile(k))));
  const opts = { trustedPublicKeyPem: keys, trustedFingerprint: a.pins };
  for (const f of a.bundles) {
    const v = await V.verifyBundle(new Uint8Array(await readFile(f)), opts);
    expectStatus(`bundle ${f}: ${want}`, v, want);
  }
  for (const f of a.proofs) {
    const v = await V.verifyProof(new Uint8Array(await readFile(f)), opts);
    expectStatus(`proof ${f}: ${want}`, v, want);
  }
}

// ─────────────────────────────────────────────────────────────────────────── main
async function main() {
  let a;
  try {
    a = parseArgs(process.argv.slice(2));
    if (!a.dir) throw new Error('usage: node test-vectors.mjs <docs/integrity> [--bundle <file> (--public-key <pem> | --key-fingerprint <hex>) --expect <status>]');
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  const dir = resolve(a.dir);
  const harnessMode = a.bundles.length > 0 || a.proofs.length > 0;
  if (!harnessMode || a.withVectors) {
    const vectorFiles = (await readdir(join(dir, 'vectors'))).filter((f) => f.endsWith('.json')).sort();
    const known = new Set(['event-leaves.json', 'merkle.json', 'checkpoint.json', 'mac.json', 'publication.json', 'scoring.json']);
    for (const f of vectorFiles) check(`vectors/${f} is checked by this runner`, known.has(f), 'a vector file this runner does not know');
    const eventDoc = await testEventLeaves(dir);
    await testMerkle(dir);
    const cpDoc = await testCheckpoint(dir, eventDoc);
    await testMac(dir);
    await testPublication(dir);
    await testScoring(dir);
    const exRoot = join(dir, 'examples');
    const examples = (await readdir(exRoot, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => join(exRoot, d.name)).sort();
    check('examples/ holds at least one example', examples.length > 0);
    for (const ex of examples) {
      await testExample(ex, cpDoc?.publicKey);
      if ((await readdir(ex)).includes('scorecard-proof.json')) await testScorecardProof(ex);
    }
  }
  if (harnessMode) {
    try {
      await harness(a);
    } catch (e) {
      console.error(e.message);
      process.exit(2);
    }
  }
  const total = results.pass + results.fail;
  console.log(`${results.fail === 0 ? 'OK' : 'FAILED'}: ${results.pass}/${total} checks passed${results.fail ? `, ${results.fail} failed` : ''}`);
  process.exit(results.fail === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
