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
             "the user name is NFC and its length counts UTF-8 bytes (Nguyễn Văn An is 13 characters, 16 bytes).", row)
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
      "streams, sorted by id ordinally. Each 'publication' is an input, not a stored event: total and index are JSON strings holding the decimal text "
      "as stored (80.00, 77.90, -0.50), so that no JSON reader drops trailing zeros; a stored publication holds JSON numbers, and the line writes the "
      "value without trailing zeros. Format 2 gives its streams unsorted on purpose (a stored publication holds them sorted): the line sorts them. "
      "Shared rank 2 is listed by agency code.",
      "vectors": [{"name": "format-1", "publication": p1, "canonical": l1, "digest": h(l1.encode())},
                  {"name": "format-2", "publication": dict(p2, format="cchc-publication/2", streams=streams), "canonical": l2, "digest": h(l2.encode())}]})
print("written to", os.path.normpath(OUT))

# ---- scoring and ranking (scoring.md) --------------------------------------------------------------------------
MODES = {"HalfUp": ROUND_HALF_UP, "HalfEven": ROUND_HALF_EVEN, "Down": ROUND_DOWN}
def D(x): return Decimal(str(x))
def rnd(v, rounding): return v.quantize(Decimal(1).scaleb(-rounding["decimals"]), rounding=MODES[rounding["mode"]])
def fold(events):
    leaves = {}
    for e in events:
        t, d = e["type"], e["data"]
        kind = {"self_score_entered": "self", "appraisal_recorded": "appraised", "survey_points_entered": "survey", "points_adjusted": "adjusted"}.get(t)
        if kind: leaves.setdefault(d["criterion"], {})[kind] = d["value"]
        elif t == "appeal_decided" and d.get("points") is not None:
            leaves.setdefault(d["criterion"], {})["adjusted"] = {"points": d["points"], "numerator": None, "denominator": None, "count": None}
    return leaves
def leaf_points(node, value, rounding):
    if value is None: return Decimal(0)
    mx = D(node["max"])
    if value.get("points") is not None:
        p = D(value["points"])
        lo, hi = (-mx, Decimal(0)) if node["method"] == "Penalty" else (Decimal(0), mx)
        return min(max(p, lo), hi)
    n, d, c = value.get("numerator"), value.get("denominator"), value.get("count")
    if node["method"] == "Ratio" and n is not None and d is not None and D(d) > 0:
        return min(mx, rnd(mx * D(n) / D(d), rounding))
    if node["method"] == "Bands":
        if node["basis"] == "Ratio" and n is not None and d is not None and D(d) > 0: m = D(n) * 100 / D(d)
        elif node["basis"] == "Count" and c is not None: m = D(c)
        else: return Decimal(0)
        ok = [b for b in node["bands"] if m >= D(b["min"])]
        return D(max(ok, key=lambda b: D(b["min"]))["points"]) if ok else Decimal(0)
    return Decimal(0)
def score(rules, leaves):
    out_leaves, out_nodes = {}, {}
    def walk(node):
        if not node.get("children"):
            v = leaves.get(node["code"], {})
            final = v.get("adjusted") or v.get("appraised") or v.get("survey") or v.get("self")
            p = leaf_points(node, final, rules["rounding"]); out_leaves[node["code"]] = p; return p
        s = sum((walk(c) for c in node["children"]), Decimal(0))
        p = max(Decimal(0), min(D(node["max"]), s)); out_nodes[node["code"]] = {"points": p, "capped": p != s}; return p
    total = sum((walk(a) for a in rules["areas"]), Decimal(0))
    mx = sum((D(a["max"]) for a in rules["areas"]), Decimal(0))
    index = rnd(total * 100 / mx, rules["rounding"])
    reached = [b for b in rules["classBands"] if index >= D(b["min"])]
    cls = (max(reached, key=lambda b: D(b["min"])) if reached else min(rules["classBands"], key=lambda b: D(b["min"])))["label"]
    areas = {a["code"]: out_nodes.get(a["code"], {"points": out_leaves.get(a["code"])})["points"] for a in rules["areas"]}
    return {"leaves": out_leaves, "nodes": out_nodes, "total": total, "index": index, "classification": cls, "areas": areas}
def rank(rules, cards):
    order = rules["tieRule"].get("areaOrder") or [] if rules["tieRule"]["kind"] == "areas" else []
    def key(c): return [c["score"]["total"]] + [c["score"]["areas"].get(a, Decimal(0)) for a in order]
    import functools
    def cmp(a, b):
        ka, kb = key(a), key(b)
        if ka != kb: return -1 if ka > kb else 1
        ua, ub = a["agency"].encode("utf-16-be"), b["agency"].encode("utf-16-be")
        return -1 if ua < ub else (1 if ua > ub else 0)
    ordered = sorted(cards, key=functools.cmp_to_key(cmp))
    out = []
    for i, c in enumerate(ordered):
        r = out[-1]["rank"] if i > 0 and key(c) == key(ordered[i - 1]) else i + 1
        out.append({"rank": r, "agency": c["agency"], "name": c["name"], "total": num(c["score"]["total"]), "index": num(c["score"]["index"]), "classification": c["score"]["classification"]})
    return out
def V(points=None, n=None, d=None, count=None): return {"points": points, "numerator": n, "denominator": d, "count": count}
def ev(t, **data): return {"type": t, "data": data}
def leafnode(code, mx, method, **kw): return dict({"code": code, "title": f"Tiêu chí {code}", "max": mx, "method": method, "step": None, "basis": None, "bands": None, "children": None}, **kw)
rules = {"areas": [
    {"code": "1", "title": "Chỉ đạo điều hành", "max": 20, "method": None, "step": None, "basis": None, "bands": None, "children": [
        leafnode("1.1", 10, "Scale", step=0.25), leafnode("1.2", 6, "Ratio"), leafnode("1.3", 4, "Bands", basis="Ratio", bands=[{"min": 100, "points": 4}, {"min": 80, "points": 2}, {"min": 0, "points": 0}]),
        leafnode("1.4", 4, "Bonus"), leafnode("1.5", 3, "Penalty")]},
    {"code": "2", "title": "Báo cáo", "max": 10, "method": None, "step": None, "basis": None, "bands": None, "children": [
        leafnode("2.1", 10, "Bands", basis="Count", bands=[{"min": 4, "points": 10}, {"min": 2, "points": 5}, {"min": 0, "points": 0}]),
        leafnode("2.2", 3, "Scale", step=0.5)]},
    {"code": "3", "title": "Điều tra xã hội học", "max": 70, "method": None, "step": None, "basis": None, "bands": None, "children": [leafnode("3.1", 70, "Survey")]}],
  "classBands": [{"min": 80, "label": "Tốt"}, {"min": 65, "label": "Khá"}, {"min": 50, "label": "Trung bình"}, {"min": 0, "label": "Yếu"}],
  "rounding": {"mode": "HalfUp", "decimals": 2}, "tieRule": {"kind": "shared", "areaOrder": None}, "retired": None}
base = [ev("scorecard_opened", scorecardId="x", year=2017, agency="x", block="districts", criteriaSetId="2017-districts")]
cards_in = [
    {"agency": "a-80", "name": "Đơn vị tròn 80", "note": "index exactly 80.00: Tốt; a ratio 1/3 of 6 = 2 exactly (no rounding needed); node 2 capped: 10 + 3 > 10",
     "events": base + [ev("self_score_entered", criterion="1.1", value=V(10), evidence=[], explanation=None), ev("self_score_entered", criterion="1.2", value=V(n=1, d=3), evidence=[], explanation=None),
                       ev("self_score_entered", criterion="2.1", value=V(count=5), evidence=[], explanation=None), ev("self_score_entered", criterion="2.2", value=V(3), evidence=[], explanation=None),
                       ev("survey_points_entered", criterion="3.1", value=V(58), source="SIPAS")]},
    {"agency": "b-7999", "name": "Đơn vị 79,99", "note": "index 79.99: Khá; penalty −3 within area 1 (8.99, the floor not needed); appraisal over self",
     "events": base + [ev("self_score_entered", criterion="1.1", value=V(10), evidence=[], explanation=None), ev("appraisal_recorded", criterion="1.1", value=V(9.99), acceptedSelfScore=False, note="Thiếu"),
                       ev("self_score_entered", criterion="1.5", value=V(-3), evidence=[], explanation=None), ev("self_score_entered", criterion="1.3", value=V(n=99, d=100), evidence=[], explanation=None),
                       ev("self_score_entered", criterion="2.1", value=V(count=4), evidence=[], explanation=None), ev("survey_points_entered", criterion="3.1", value=V(61), source="SIPAS")]},
    {"agency": "c-adjust", "name": "Đơn vị điều chỉnh", "note": "an adjustment then an appeal decision on 1.1: the later (the decision, 7) wins; then an adjustment on 1.4 after a decision: the adjustment (2) wins; "
     "a ratio numerator 2/3 of 6 = 4; a penalty alone drives area 1 below 0 in another card",
     "events": base + [ev("self_score_entered", criterion="1.1", value=V(5), evidence=[], explanation=None), ev("points_adjusted", criterion="1.1", value=V(6), reason="r", decisionRef="QĐ 1"),
                       ev("appeal_decided", appealId="a1", criterion="1.1", outcome="partlyUpheld", points=7, reason="r", decisionRef="QĐ 2", membersPresent=9, votesFor=6, votesAgainst=3),
                       ev("appeal_decided", appealId="a2", criterion="1.4", outcome="upheld", points=4, reason="r", decisionRef="QĐ 3", membersPresent=9, votesFor=9, votesAgainst=0),
                       ev("points_adjusted", criterion="1.4", value=V(2), reason="r", decisionRef="QĐ 4"),
                       ev("appeal_decided", appealId="a3", criterion="1.2", outcome="rejected", points=None, reason="r", decisionRef="QĐ 5", membersPresent=9, votesFor=2, votesAgainst=7),
                       ev("self_score_entered", criterion="1.2", value=V(n=2, d=3), evidence=[], explanation=None), ev("survey_points_entered", criterion="3.1", value=V(69), source="SIPAS")]},
    {"agency": "d-penalty", "name": "Đơn vị bị trừ", "note": "only a penalty in area 1: −3 is floored to 0 at the area; a ratio value kept for a scale leaf scores 0; 2.1 count 1: the band of min 0 gives 0",
     "events": base + [ev("self_score_entered", criterion="1.5", value=V(-3), evidence=[], explanation=None), ev("self_score_entered", criterion="1.1", value=V(n=1, d=2), evidence=[], explanation=None),
                       ev("self_score_entered", criterion="2.1", value=V(count=1), evidence=[], explanation=None), ev("survey_points_entered", criterion="3.1", value=V(40.125), source="SIPAS")]},
    {"agency": "a-79", "name": "Đơn vị đồng hạng", "note": "the same total as b-7999 with fewer points in area 2: a shared rank listed by code (a-79 first), or behind b-7999 under the areas tie rule",
     "events": base + [ev("self_score_entered", criterion="1.1", value=V(9.99), evidence=[], explanation=None), ev("self_score_entered", criterion="1.3", value=V(n=4, d=5), evidence=[], explanation=None),
                       ev("self_score_entered", criterion="2.1", value=V(count=2), evidence=[], explanation=None), ev("survey_points_entered", criterion="3.1", value=V(63), source="SIPAS")]},
    {"agency": "submitted", "name": "Đơn vị đã nộp", "note": "submission changes no value; a bonus over its max is clamped (direct points from an appeal)",
     "events": base + [ev("appeal_decided", appealId="a4", criterion="1.4", outcome="upheld", points=9, reason="r", decisionRef="QĐ 6", membersPresent=9, votesFor=9, votesAgainst=0),
                       ev("self_assessment_submitted", leavesScored=1), ev("survey_points_entered", criterion="3.1", value=V(20), source="SIPAS")]},
]
# An appeal is decided only after it was filed: the filing changes no value.
for c in cards_in:
    filed = []
    for e in c["events"]:
        if e["type"] == "appeal_decided":
            filed.append(ev("appeal_filed", appealId=e["data"]["appealId"], criterion=e["data"]["criterion"], round=1, currentPoints=0, requestedPoints=0, argument="Đề nghị xem xét", evidence=[]))
        filed.append(e)
    c["events"] = filed
def score_vector(name, note, rules, cards_in, notes=None):
    cards = [dict(c, score=score(rules, fold(c["events"]))) for c in cards_in]
    return {"name": name, "note": note, "rules": rules,
            "scorecards": [{"agency": c["agency"], "name": c["name"], "note": (notes or {}).get(c["agency"], c["note"]), "events": c["events"],
                            "expected": {"leaves": {k: num(v) for k, v in c["score"]["leaves"].items()},
                                         "nodes": {k: {"points": num(v["points"]), "capped": v["capped"]} for k, v in c["score"]["nodes"].items()},
                                         "total": num(c["score"]["total"]), "index": num(c["score"]["index"]), "classification": c["score"]["classification"]}} for c in cards],
            "ranking": rank(rules, cards)}
svs = [score_vector("shared-halfup", "Tie rule shared, rounding HalfUp 2.", rules, cards_in)]
areas_rules = dict(rules, tieRule={"kind": "areas", "areaOrder": ["2", "9"]}, rounding={"mode": "HalfEven", "decimals": 1})
svs.append(score_vector("areas-halfeven", "Tie rule areas [2, 9] (area 9 does not exist: 0 points), rounding HalfEven 1: equal totals ordered by area 2.", areas_rules, cards_in, {
    "a-80": "index exactly 80: Tốt; a ratio 1/3 of 6 = 2 exactly (no rounding needed); node 2 capped: 10 + 3 > 10",
    "b-7999": "total 79.99, index R(79.99) = 80 under HalfEven 1: Tốt; penalty −3 within area 1 (8.99, the floor not needed); appraisal over self",
    "d-penalty": "only a penalty in area 1: −3 is floored to 0 at the area; a ratio value kept for a scale leaf scores 0; 2.1 count 1: the band of min 0 gives 0; "
                 "index 40.125 → 40.1 (HalfEven 1)",
    "a-79": "the same total as b-7999 with fewer points in area 2: under the areas tie rule it ranks behind b-7999 (rank 4), both indexes 80 (Tốt)"}))
down_rules = dict(rules, rounding={"mode": "Down", "decimals": 0})
svs.append(score_vector("down-0", "Rounding Down 0 decimals: ratio points and the index truncated toward zero.", down_rules, cards_in, {
    "a-80": "index exactly 80: Tốt; a ratio 1/3 of 6 = 2 exactly (no rounding needed); node 2 capped: 10 + 3 > 10",
    "b-7999": "total 79.99, index truncated to 79: Khá; penalty −3 within area 1 (8.99, the floor not needed); appraisal over self",
    "d-penalty": "only a penalty in area 1: −3 is floored to 0 at the area; a ratio value kept for a scale leaf scores 0; 2.1 count 1: the band of min 0 gives 0; "
                 "index 40.125 truncated to 40",
    "a-79": "the same total as b-7999 with fewer points in area 2: a shared rank 3 (tie rule shared), listed by code (a-79 first); index 79 (Khá)"}))
write("scoring.json", {"about": "Scoring and ranking (scoring.md). Each vector: rules in their stored form (PascalCase enum values), each scorecard's events "
       "(type and data as stored, in stream order), the expected points of every leaf and node, total, index and class, and the ranking. "
       "A node with children is 'capped' when its points differ from the sum of its children's: the cap at its max or the floor at 0 changed it. "
       "Expected numbers are strings written as in the publication line (no trailing zeros). Each scorecard's note describes it under its own vector's rules.", "vectors": svs})
print("scoring written")
