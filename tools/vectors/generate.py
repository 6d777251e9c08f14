#!/usr/bin/env python3
"""Writes docs/integrity/vectors/*.json from the specification alone (docs/integrity/*.md), with Python's standard
library (and `cryptography` for the one signature). It shares no code with the C# ledger: the C# suite (VectorTests,
IntegrityCaseTests) checks that the ledger computes exactly these outputs. Run by hand after a change of the spec:
    python3 tools/vectors/generate.py
"""
import base64, hashlib, hmac, json, os, unicodedata
from decimal import Decimal, ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "integrity", "vectors")
BARE = {0, 2, 4, 8, 13}

def h(b): return hashlib.sha256(b).hexdigest()
def canonical(fields):
    parts = []
    for i, f in enumerate(fields):
        if f is None: parts.append("~")
        elif i in BARE: parts.append(f)
        else: parts.append(f"{len(f.encode('utf-8'))}:{f}")
    return "\n".join(parts)
def leaf(c): return hashlib.sha256(b"\x00" + c.encode("utf-8")).digest()
def node(l, r): return hashlib.sha256(b"\x01" + l + r).digest()
def link(prev, lf): return hashlib.sha256(prev + lf).digest()
def root(leaves):
    if len(leaves) == 1: return leaves[0]
    k = 1
    while k * 2 < len(leaves): k *= 2
    return node(root(leaves[:k]), root(leaves[k:]))
def write(name, doc):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2); f.write("\n")

# ---- events: the canonical form, leaf and link --------------------------------------------------------------
row = {
    "sequence": 1, "stream": "agency-huu-lung", "version": 1, "type": "agency_renamed",
    "timestamp": "2026-11-20T01:02:03.456789Z",
    "userName": "Nguyễn Văn An",
    "headers": '{"tokenId": "t-1", "actorRole": "appraiser"}',
    "data": '{"code": "huu-lung", "name": "UBND huyện Hữu Lũng \\"mới\\"\\n\\\\", "reason": "Sáp nhập", "decisionRef": "QĐ 12/QĐ-UBND"}',
    "id": "0b6f2a0e-8f4e-4c1a-9d3b-2c7e5f1a9b00", "correlationId": "req-1", "causationId": None,
    "dotnetType": "CchcLedger.Domain.Agencies.AgencyRenamed, CchcLedger.Domain", "tenantId": "*DEFAULT*", "archived": "false",
}
assert unicodedata.normalize("NFC", row["userName"]) == row["userName"]
def fields_of(r):
    return [str(r["sequence"]), r["stream"], str(r["version"]), r["type"], r["timestamp"], r["userName"], r["headers"], r["data"],
            r["id"], r["correlationId"], r["causationId"], r["dotnetType"], r["tenantId"], r["archived"]]
genesis = bytes(32)
vectors = []
def event_vector(name, note, r, previous=genesis):
    f = fields_of(r); c = canonical(f); lf = leaf(c)
    v = {"name": name, "note": note, "row": r, "fields": f, "canonical": c, "leaf": lf.hex(), "previousHash": previous.hex(), "hash": link(previous, lf).hex()}
    vectors.append(v); return v
event_vector("sealed-by-the-database", "Inserted into a fresh ledger by the C# suite: the trigger's leaf and hash must be these. "
             "Data and headers are PostgreSQL's jsonb text (keys by length then bytes, ', ' and ': '); escapes stay as PostgreSQL writes them; "
             "the user name is NFC and its length counts UTF-8 bytes (Nguyễn Văn An is 13 characters, 18 bytes).", row)
absent = dict(row, sequence=2, version=2, userName=None, headers=None, correlationId=None, causationId=None, dotnetType=None, tenantId=None)
event_vector("absent-fields", "Absent text fields are written ~; bare fields are never absent.", absent)
nfd = dict(row, sequence=3, version=3, userName=unicodedata.normalize("NFD", row["userName"]))
event_vector("nfd-is-another-event", "The same name in NFD (decomposed) is other bytes and another leaf: the ledger stores NFC; a verifier hashes what is stored, never normalising.", nfd)
empty = dict(row, sequence=4, version=4, userName="", data="{}", archived="true")
event_vector("empty-text-and-archived", "An empty text is 0: (not ~); the archived flag true.", empty)
chain, prev = [], genesis
for v in vectors:
    lf = bytes.fromhex(v["leaf"]); hs = link(prev, lf); chain.append({"leaf": v["leaf"], "previousHash": prev.hex(), "hash": hs.hex()}); prev = hs
write("event-leaves.json", {"about": "Canonical form, leaf = SHA-256(0x00 || UTF-8(canonical)), hash = SHA-256(previousHash || leaf) (event-form.md). "
      "Each vector's previousHash is the genesis (32 zero bytes); 'chain' links the four leaves in order.", "vectors": vectors, "chain": chain})

# ---- Merkle tree ---------------------------------------------------------------------------------------------
leaves = [leaf(f"leaf {i}") for i in range(7)]
trees = [{"size": n, "root": root(leaves[:n]).hex()} for n in range(1, 8)]
def proof_subtrees(size, included):
    out = []
    def holds(s, c): return any(s <= i < s + c for i in included)
    def walk(s, c):
        if not holds(s, c): out.append((s, c)); return
        if c == 1: return
        k = 1
        while k * 2 < c: k *= 2
        walk(s, k); walk(s + k, c - k)
    walk(0, size); return out
sub = proof_subtrees(7, [2, 6])
write("merkle.json", {"about": "RFC 6962 tree (merkle.md): leaves are leaf('leaf i') for the canonical text 'leaf i', i = 0…6. "
      "emptyRoot is SHA-256 of nothing. The multiproof proves leaves 2 and 6 of the 7-leaf tree: nodes keyed start:count.",
      "leaves": [l.hex() for l in leaves], "emptyRoot": h(b""), "trees": trees,
      "multiproof": {"size": 7, "leaves": {"2": leaves[2].hex(), "6": leaves[6].hex()},
                     "nodes": {f"{s}:{c}": root(leaves[s:s + c]).hex() for s, c in sub}, "root": root(leaves).hex()}})

# ---- checkpoint: text, signature, key id ---------------------------------------------------------------------
from cryptography.hazmat.primitives.asymmetric import ec, utils
from cryptography.hazmat.primitives import hashes, serialization
key = ec.derive_private_key(int(h(b"cchc test vector key"), 16) % (2**255), ec.SECP256R1())
pub = key.public_key()
spki = pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
pem = pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
cp = {"sequence": 4, "head": chain[-1]["hash"], "treeSize": 4, "root": root([bytes.fromhex(c["leaf"]) for c in chain]).hex(), "at": "2026-11-20T01:05:00.000000Z"}
text = "\n".join(["cchc-ledger checkpoint", str(cp["sequence"]), cp["head"], str(cp["treeSize"]), cp["root"], cp["at"]])
der = key.sign(text.encode(), ec.ECDSA(hashes.SHA256()))
r, s = utils.decode_dss_signature(der)
sig = base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()
write("checkpoint.json", {"about": "A checkpoint over the four events of event-leaves.json (checkpoints.md). ECDSA signatures are randomised: "
      "verify this one, do not expect to reproduce it. The test key is public on purpose: never trust it.",
      "publicKey": pem, "fingerprint": h(spki), "keyId": h(spki)[:16], "checkpoint": dict(cp, signature=sig, keyId=h(spki)[:16]), "signed": text,
      "wrong": [{"change": "head's last hex digit", "signed": text[:text.index(cp['head'])] + cp['head'][:-1] + ("0" if cp['head'][-1] != "0" else "1") + text[text.index(cp['head']) + 64:], "valid": False},
                {"change": "a final line feed", "signed": text + "\n", "valid": False},
                {"change": "upper-case hex", "signed": text.replace(cp["root"], cp["root"].upper()), "valid": False}]})

# ---- MAC -----------------------------------------------------------------------------------------------------
mk = bytes(range(32))
write("mac.json", {"about": "mac = HMAC-SHA256(key, leaf) over the 32 leaf bytes (writers-and-clock.md).", "key": base64.b64encode(mk).decode(),
      "vectors": [{"leaf": v["leaf"], "mac": hmac.new(mk, bytes.fromhex(v["leaf"]), hashlib.sha256).hexdigest()} for v in vectors]})

# ---- publication canonical line and digest -------------------------------------------------------------------
def num(d):
    d = Decimal(d)
    if d == d.to_integral(): return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")
def st(s):
    out = '"'
    for ch in s:
        if ch == '"': out += '\\"'
        elif ch == '\\': out += '\\\\'
        elif ord(ch) < 0x20: out += "\\u%04x" % ord(ch)
        else: out += ch
    return out + '"'
def pub_line(p, streams=None):
    parts = []
    if streams is not None: parts.append('"format":"cchc-publication/2"')
    parts += [f'"year":{p["year"]}', f'"block":{st(p["block"])}', f'"number":{p["number"]}', f'"round":{p["round"]}',
              '"previous":' + ("null" if p["previous"] is None else '{"number":%d,"digest":%s}' % (p["previous"]["number"], st(p["previous"]["digest"]))),
              '"criteriaSet":{"id":%s,"version":%d}' % (st(p["criteriaSet"]["id"]), p["criteriaSet"]["version"]),
              f'"publishedAt":{st(p["publishedAt"])}', f'"throughSequence":{p["throughSequence"]}', f'"decisionRef":{st(p["decisionRef"])}']
    es = ",".join('{"rank":%d,"agency":%s,"name":%s,"total":%s,"index":%s,"classification":%s}' % (e["rank"], st(e["agency"]), st(e["name"]), num(e["total"]), num(e["index"]), st(e["classification"])) for e in p["entries"])
    parts.append(f'"entries":[{es}]')
    if streams is not None:
        parts.append('"streams":[' + ",".join('{"id":%s,"version":%d}' % (st(s["id"]), s["version"]) for s in sorted(streams, key=lambda s: s["id"].encode("utf-16-be"))) + "]")
    return "{" + ",".join(parts) + "}"
p1 = {"year": 2017, "block": "districts", "number": 1, "round": 0, "previous": None, "criteriaSet": {"id": "2017-districts", "version": 2},
      "publishedAt": "2018-02-01T03:04:05.123456Z", "throughSequence": 1234, "decisionRef": "QĐ 345/QĐ-UBND",
      "entries": [{"rank": 1, "agency": "lang-son", "name": "Thành phố Lạng Sơn", "total": "95.50", "index": "95.50", "classification": "Tốt"},
                  {"rank": 2, "agency": "cao-loc", "name": "UBND huyện \"Cao\" Lộc\\\t", "total": "80.00", "index": "80.00", "classification": "Tốt"},
                  {"rank": 2, "agency": "van-quan", "name": "UBND huyện Văn Quan", "total": "80", "index": "80.00", "classification": "Tốt"},
                  {"rank": 4, "agency": "huu-lung", "name": "UBND huyện Hữu Lũng", "total": "77.90", "index": "77.90", "classification": "Khá"},
                  {"rank": 5, "agency": "dinh-lap", "name": "UBND huyện Đình Lập", "total": "-0.50", "index": "0", "classification": "Yếu"}]}
l1 = pub_line(p1)
streams = [{"id": "scorecard-2017-lang-son", "version": 12}, {"id": "agency-lang-son", "version": 1}, {"id": "criteria-set-2017-districts", "version": 4},
           {"id": "scorecard-2017-cao-loc", "version": 9}, {"id": "agency-cao-loc", "version": 2}]
p2 = dict(p1, number=2, round=1, previous={"number": 1, "digest": h(l1.encode())})
l2 = pub_line(p2, streams)
write("publication.json", {"about": "Canonical lines and digests (publication.md). Format 1 has no format marker; format 2 starts with it and ends with the "
      "streams, sorted by id ordinally. Decimals are given here as stored (80.00, 77.90, -0.50) and written without trailing zeros; shared rank 2 is listed by agency code.",
      "vectors": [{"name": "format-1", "publication": p1, "canonical": l1, "digest": h(l1.encode())},
                  {"name": "format-2", "publication": dict(p2, format="cchc-publication/2", streams=streams), "canonical": l2, "digest": h(l2.encode())}]})
print("written to", os.path.normpath(OUT))
