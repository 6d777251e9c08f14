using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Integrity;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Tests;

/// <summary>
/// Every test vector of docs/integrity/vectors, written from the specification by tools/vectors/generate.py (no code
/// shared with the ledger), recomputed by the ledger's own code: the canonical form, leaves and links, the Merkle tree
/// and a multiproof, the checkpoint text, signature and key id, the MAC, and the publication lines and digests.
/// </summary>
public class VectorTests
{
    private static JsonNode Vectors(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CchcLedger.sln")))
                return JsonNode.Parse(File.ReadAllText(Path.Combine(dir.FullName, "docs", "integrity", "vectors", name)))!;
        throw new InvalidOperationException("the repository root was not found");
    }

    private static byte[] Hex(JsonNode? n) => Convert.FromHexString(n!.GetValue<string>());
    private static string? Str(JsonNode? n) => n?.GetValue<string>();

    [Fact]
    public void every_event_vector_gives_its_canonical_form_leaf_and_hash()
    {
        var doc = Vectors("event-leaves.json");
        var previous = EventChain.Genesis;
        foreach (var v in doc["vectors"]!.AsArray())
        {
            var r = v!["row"]!;
            var meta = new EventMetadata(Guid.Parse(Str(r["id"])!), Str(r["correlationId"]), Str(r["causationId"]), Str(r["dotnetType"]), Str(r["tenantId"]),
                Str(r["archived"]) == "true");
            var timestamp = DateTimeOffset.ParseExact(Str(r["timestamp"])!, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var fields = EventChain.Fields(r["sequence"]!.GetValue<long>(), Str(r["stream"])!, r["version"]!.GetValue<long>(), Str(r["type"])!, timestamp,
                Str(r["userName"]), Str(r["headers"]), Str(r["data"])!, meta);
            Assert.Equal(v["fields"]!.AsArray().Select(Str), fields);
            var canonical = EventChain.Canonical(fields);
            Assert.Equal(Str(v["canonical"]), canonical);
            Assert.Equal(Str(v["leaf"]), Convert.ToHexStringLower(MerkleTree.Leaf(canonical)));
            Assert.Equal(Str(v["hash"]), Convert.ToHexStringLower(EventChain.Link(Hex(v["previousHash"]), MerkleTree.Leaf(canonical))));

            // The verifier's allocation-free writer gives the same leaf.
            var stored = new StoredEvent(r["sequence"]!.GetValue<long>(), Str(r["stream"]), r["version"]!.GetValue<long>(), Str(r["type"]), timestamp, Str(r["userName"]),
                Str(r["headers"]), Str(r["data"]), previous, previous, Meta: meta);
            Assert.Equal(Str(v["leaf"]), Convert.ToHexStringLower(new EventChain.LeafWriter().Leaf(stored)));
            static byte[]? U(string? text) => text is null ? null : System.Text.Encoding.UTF8.GetBytes(text);
            var asBytes = stored with
            {
                Type = null, UserName = null, Headers = null, Data = null,
                Utf8 = new Utf8Text(U(Str(r["type"])), U(Str(r["userName"])), U(Str(r["headers"])), U(Str(r["data"])), U(meta.CorrelationId), U(meta.CausationId),
                    U(meta.DotnetType), U(meta.TenantId)),
            };
            Assert.Equal(Str(v["leaf"]), Convert.ToHexStringLower(new EventChain.LeafWriter().Leaf(asBytes)));
            Assert.Equal(stored.Data, asBytes.Decoded().Data);
        }
        foreach (var link in doc["chain"]!.AsArray())
        {
            Assert.Equal(Convert.ToHexStringLower(previous), Str(link!["previousHash"]));
            previous = EventChain.Link(previous, Hex(link["leaf"]));
            Assert.Equal(Str(link["hash"]), Convert.ToHexStringLower(previous));
        }
    }

    [Fact]
    public void every_merkle_vector_gives_its_root_and_the_multiproof_gives_the_root()
    {
        var doc = Vectors("merkle.json");
        var leaves = doc["leaves"]!.AsArray().Select(Hex).ToList();
        for (var i = 0; i < leaves.Count; i++) Assert.Equal(leaves[i], MerkleTree.Leaf($"leaf {i}"));
        Assert.Equal(Str(doc["emptyRoot"]), Convert.ToHexStringLower(MerkleTree.Root([])));
        foreach (var t in doc["trees"]!.AsArray())
            Assert.Equal(Str(t!["root"]), Convert.ToHexStringLower(MerkleTree.Root(leaves.Take(t["size"]!.GetValue<int>()))));

        var proof = doc["multiproof"]!;
        var given = proof["leaves"]!.AsObject().ToDictionary(kv => long.Parse(kv.Key, CultureInfo.InvariantCulture), kv => Hex(kv.Value));
        var nodes = proof["nodes"]!.AsObject().ToDictionary(kv => kv.Key, kv => Hex(kv.Value));
        Assert.Equal(nodes.Keys.Order(), MerkleTree.MultiProof(leaves, given.Keys.Select(k => (int)k)).Keys.Order());
        Assert.Equal(nodes.Keys, MerkleTree.ProofSubtrees(proof["size"]!.GetValue<long>(), given.Keys).Select(s => $"{s.Start}:{s.Count}"));
        Assert.Equal(Str(proof["root"]), Convert.ToHexStringLower(MerkleTree.RootFrom(proof["size"]!.GetValue<long>(), given, nodes)!));
        Assert.Null(MerkleTree.RootFrom(proof["size"]!.GetValue<long>(), given, nodes.Skip(1).ToDictionary()));
    }

    [Fact]
    public void the_checkpoint_vector_signature_verifies_with_its_key_and_its_key_id_and_the_wrong_texts_do_not()
    {
        var doc = Vectors("checkpoint.json");
        using var key = ECDsa.Create();
        key.ImportFromPem(Str(doc["publicKey"]));
        Assert.Equal(Str(doc["fingerprint"]), Checkpoint.Fingerprint(key));
        Assert.Equal(Str(doc["keyId"]), Checkpoint.KeyId(key));
        var c = doc["checkpoint"]!;
        var signed = new SignedCheckpoint(c["sequence"]!.GetValue<long>(), Str(c["head"])!, c["treeSize"]!.GetValue<long>(), Str(c["root"])!, Str(c["at"])!,
            Str(c["signature"])!, Str(c["keyId"])!, Str(doc["signed"])!);
        Assert.Null(signed.Check(key));
        foreach (var wrong in doc["wrong"]!.AsArray())
            Assert.False(Checkpoint.VerifyText(key, Str(wrong!["signed"])!, signed.Signature), Str(wrong["change"]));

        // The checkpoint signs the chain of the event vectors: its head and root are theirs.
        var chain = Vectors("event-leaves.json")["chain"]!.AsArray();
        Assert.Equal(Str(c["head"]), Str(chain[^1]!["hash"]));
        Assert.Equal(Str(c["root"]), Convert.ToHexStringLower(MerkleTree.Root(chain.Select(l => Hex(l!["leaf"])))));
    }

    [Fact]
    public void every_mac_vector_is_hmac_sha256_of_the_leaf()
    {
        var doc = Vectors("mac.json");
        var key = Convert.FromBase64String(Str(doc["key"])!);
        foreach (var v in doc["vectors"]!.AsArray())
            Assert.Equal(Str(v!["mac"]), Convert.ToHexStringLower(EventMac.Compute(key, Hex(v["leaf"]))));
    }

    [Fact]
    public void every_publication_vector_gives_its_canonical_line_and_digest()
    {
        foreach (var v in Vectors("publication.json")["vectors"]!.AsArray())
        {
            var p = v!["publication"]!;
            var entries = p["entries"]!.AsArray().Select(e => new RankedEntry(e!["rank"]!.GetValue<int>(), Str(e["agency"])!, Str(e["name"])!,
                decimal.Parse(Str(e["total"])!, CultureInfo.InvariantCulture), decimal.Parse(Str(e["index"])!, CultureInfo.InvariantCulture), Str(e["classification"])!)).ToList();
            var previous = p["previous"] is { } prev ? new PreviousPublication(prev["number"]!.GetValue<int>(), Str(prev["digest"])!) : null;
            var streams = p["streams"]?.AsArray().Select(s => new StreamVersion(Str(s!["id"])!, s["version"]!.GetValue<long>())).ToList();
            var publication = new RankingPublished(p["year"]!.GetValue<int>(), Str(p["block"])!, p["number"]!.GetValue<int>(), p["round"]!.GetValue<int>(), previous,
                new SetRef(Str(p["criteriaSet"]!["id"])!, p["criteriaSet"]!["version"]!.GetValue<int>()),
                DateTimeOffset.ParseExact(Str(p["publishedAt"])!, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                p["throughSequence"]!.GetValue<long>(), Str(p["decisionRef"])!, entries, "", Str(p["format"]), streams);
            Assert.Equal(Str(v["canonical"]), PublicationDigest.Canonical(publication));
            Assert.Equal(Str(v["digest"]), PublicationDigest.Of(publication));
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions Stored = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static readonly Dictionary<string, Type> ScorecardEvents = new()
    {
        ["scorecard_opened"] = typeof(ScorecardOpened), ["self_score_entered"] = typeof(SelfScoreEntered), ["self_assessment_submitted"] = typeof(SelfAssessmentSubmitted),
        ["appraisal_recorded"] = typeof(AppraisalRecorded), ["points_adjusted"] = typeof(PointsAdjusted), ["survey_points_entered"] = typeof(SurveyPointsEntered),
        ["appeal_filed"] = typeof(AppealFiled), ["appeal_decided"] = typeof(AppealDecided),
    };

    [Fact]
    public void every_scoring_vector_gives_its_leaf_node_total_index_class_and_ranking()
    {
        static string N(decimal d) => PublicationDigest.Number(d);
        foreach (var v in Vectors("scoring.json")["vectors"]!.AsArray())
        {
            var rules = System.Text.Json.JsonSerializer.Deserialize<CriteriaRules>(v!["rules"]!.ToJsonString(), Stored)!;
            var candidates = new List<RankingCandidate>();
            foreach (var c in v["scorecards"]!.AsArray())
            {
                var card = c!["events"]!.AsArray().Aggregate((Scorecard?)null, (state, e) =>
                    Scorecard.Evolve(state, System.Text.Json.JsonSerializer.Deserialize(e!["data"]!.ToJsonString(), ScorecardEvents[Str(e["type"])!], Stored)!))!;
                var sheet = ScoreSheet.Score(rules, card.Entries());
                var expected = c["expected"]!;
                var context = $"{Str(v["name"])} {Str(c["agency"])}";
                var nodes = sheet.Areas.SelectMany(Flatten).ToList();
                foreach (var (code, points) in expected["leaves"]!.AsObject())
                    Assert.True(N(nodes.Single(n => n.Code == code).Points) == Str(points), $"{context} leaf {code}: {nodes.Single(n => n.Code == code).Points} != {points}");
                foreach (var (code, node) in expected["nodes"]!.AsObject())
                    Assert.Equal((Str(node!["points"]), node["capped"]!.GetValue<bool>()), (N(nodes.Single(n => n.Code == code).Points), nodes.Single(n => n.Code == code).Capped));
                Assert.Equal((Str(expected["total"]), Str(expected["index"]), Str(expected["classification"])), (N(sheet.Total), N(sheet.Index), sheet.Classification));
                candidates.Add(new RankingCandidate(Str(c["agency"])!, Str(c["name"])!, sheet.Summary()));
            }
            var ranking = Ranking.Rank(candidates, rules.TieRule);
            Assert.Equal(v["ranking"]!.AsArray().Select(r => $"{r!["rank"]} {Str(r["agency"])} {Str(r["total"])} {Str(r["index"])} {Str(r["classification"])}"),
                ranking.Select(r => $"{r.Rank} {r.Agency} {N(r.Total)} {N(r.Index)} {r.Classification}"));
        }

        static IEnumerable<ScoredNode> Flatten(ScoredNode n) => new[] { n }.Concat(n.Children.SelectMany(Flatten));
    }
}
