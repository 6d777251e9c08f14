using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CchcLedger.Api.Integrity;
using CchcLedger.Domain.Integrity;

namespace CchcLedger.Api.Tests;

/// <summary>
/// Altered bundles get the verdict docs/integrity/bundles.md gives them ("Reading a bundle", "Verdicts", checkpoints.md
/// "Trusting a key"), from <c>cchc verify-bundle</c> and from the independent JavaScript verifier alike: the same exit code,
/// a reason, never an unhandled exception and never a guess.
/// </summary>
public sealed class BundleRefusalTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private sealed record Case(string Name, string Json, string Key, int Exit, string Reason);

    [Fact]
    public async Task every_altered_bundle_gets_the_specified_verdict_from_both_verifiers()
    {
        await TwoDistrictsSelfAssessed();
        // Events outside the bundle, so that its multiproof holds subtree hashes.
        await AgencyRegistered("so-tu-phap", "Sở Tư pháp", "departments");
        await AgencyRegistered("so-noi-vu", "Sở Nội vụ", "departments");
        await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 345/QĐ-UBND" }, 201);
        var folder = Path.Combine(Path.GetTempPath(), $"cchc-refusals-{Guid.NewGuid():N}");
        var (exported, summary) = await CchcOnLedger("export", "--year", "2017", "--block", "districts", "--publication", "1", "--out", folder);
        Assert.True(exported == 0, summary);
        try
        {
            var cases = await CasesAsync(folder);
            var failures = new List<string>();
            foreach (var c in cases)
            {
                var file = Path.Combine(folder, "case.json");
                await File.WriteAllTextAsync(file, c.Json);
                var (exit, output) = await Cchc("verify-bundle", file, "--public-key", c.Key);
                var (nodeExit, nodeOutput) = await JavaScriptVerifierTests.Node(JavaScriptVerifierTests.Verifier("verify-bundle.mjs"), file, "--public-key", c.Key);
                if (exit != c.Exit || !output.Contains(c.Reason, StringComparison.Ordinal))
                    failures.Add($"{c.Name}: cchc exited {exit}, expected {c.Exit} with \"{c.Reason}\":\n{output}");
                if (nodeExit != c.Exit) failures.Add($"{c.Name}: the JavaScript verifier exited {nodeExit}, expected {c.Exit}:\n{nodeOutput}");
            }
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The exported bundle altered in every way the specification names, each with the verdict's exit code and a part of the reason.</summary>
    private static async Task<List<Case>> CasesAsync(string folder)
    {
        var bundle = await PublicationBundle.ReadAsync(folder);
        var genuine = JsonSerializer.Serialize(bundle, PublicationBundle.Json);
        var ledgerKey = Path.Combine(folder, "public-key.pem");
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forgerKey = await KeyFileAsync(folder, "forger.pem", forger.ExportSubjectPublicKeyInfoPem());

        string Edited(Action<JsonObject> edit)
        {
            var json = JsonNode.Parse(genuine)!.AsObject();
            edit(json);
            return json.ToJsonString(PublicationBundle.Json);
        }
        JsonObject Proof(JsonObject b) => b["proof"]!.AsObject();
        // Re-signed by the forger, whose key the user then gives: the verification reaches the publication and the ranking.
        string Forged(Func<ProofEvent, ProofEvent> change) =>
            JsonSerializer.Serialize(Resealed(bundle, [.. bundle.Proof.Events.Select(change)], forger), PublicationBundle.Json);
        var publication = bundle.Proof.Events.Single(e => e.Sequence == bundle.PublicationSequence);
        string ForgedPublication(string from, string to)
        {
            Assert.Contains(from, publication.Data);
            return Forged(e => e == publication ? WithField(e, 7, publication.Data.Replace(from, to)) : e);
        }
        string ForgedFirst(string type, int field, string value)
        {
            var first = bundle.Proof.Events.First(e => e.Type == type);
            return Forged(e => e == first ? WithField(e, field, value) : e);
        }
        string ForgedFirstData(string type, string from, string to)
        {
            var first = bundle.Proof.Events.First(e => e.Type == type);
            Assert.Contains(from, first.Data);
            return Forged(e => e == first ? WithField(e, 7, first.Data.Replace(from, to)) : e);
        }
        var publishedAt = Regex.Match(publication.Data, "\"publishedAt\": \"([^\"]+)\"").Groups[1].Value;
        var at = DateTimeOffset.Parse(publishedAt, CultureInfo.InvariantCulture);
        var node = bundle.Proof.Nodes.First();

        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        return
        [
            new("the export as it is", genuine, ledgerKey, 0, "identical"),
            new("members the schema does not define are ignored", Edited(b => { b["extra"] = 1; Proof(b)["extra"] = new JsonObject(); }), ledgerKey, 0, "identical"),
            new("a subtree hash under a key the walk never meets is ignored, whatever its form", Edited(b => Proof(b)["nodes"]!["01:2"] = new string('A', 64)), ledgerKey, 0, "identical"),

            // 1. The bundle is read before the trust decision: a publicKey that is no key makes it unreadable, a key given or not.
            new("a publicKey that is not PEM, with --public-key", Edited(b => b["publicKey"] = "garbage"), ledgerKey, 2, "publicKey is not a PEM"),
            new("a publicKey of another curve", Edited(b => b["publicKey"] = p384.ExportSubjectPublicKeyInfoPem()), ledgerKey, 2, "publicKey is not a PEM"),
            new("a publicKey that is a private key", Edited(b => b["publicKey"] = forger.ExportPkcs8PrivateKeyPem()), ledgerKey, 2, "publicKey is not a PEM"),

            // 2. A --public-key that holds no P-256 public key gives no trusted key.
            new("--public-key names no file", genuine, Path.Combine(folder, "missing.pem"), 3, "no trusted key"),
            new("--public-key is not a key", genuine, await KeyFileAsync(folder, "garbage.pem", "not a key"), 3, "no trusted key"),
            new("--public-key is a private key", genuine, await KeyFileAsync(folder, "private.pem", forger.ExportPkcs8PrivateKeyPem()), 3, "no trusted key"),
            new("--public-key is a key of another curve", genuine, await KeyFileAsync(folder, "p384.pem", p384.ExportSubjectPublicKeyInfoPem()), 3, "no trusted key"),
            new("another P-256 key given: not proven, never untrusted", genuine, forgerKey, 1, "NOT PROVEN"),

            // 3. Read strictly: names as spelled, types as the schema's, nothing required absent or null, nothing repeated.
            new("not JSON", "{\"format\": \"cchc-bundle/2\",", ledgerKey, 2, "cannot be read"),
            new("format cchc-bundle/1", Edited(b => b["format"] = "cchc-bundle/1"), ledgerKey, 2, "format cchc-bundle/1"),
            new("no format", Edited(b => b.Remove("format")), ledgerKey, 2, "format none"),
            new("proof spelled Proof", Edited(b => { b["Proof"] = b["proof"]!.DeepClone(); b.Remove("proof"); }), ledgerKey, 2, "'proof'"),
            new("publicationSequence spelled PublicationSequence", Edited(b => { b["PublicationSequence"] = b["publicationSequence"]!.DeepClone(); b.Remove("publicationSequence"); }), ledgerKey, 2, "'publicationSequence'"),
            new("the year as a string", Edited(b => b["year"] = "2017"), ledgerKey, 2, "$.year"),
            new("publicationSequence as a string", Edited(b => b["publicationSequence"] = bundle.PublicationSequence.ToString(CultureInfo.InvariantCulture)), ledgerKey, 2, "$.publicationSequence"),
            new("a stream's version as a string", Edited(b => b["streams"]![0]!["version"] = "1"), ledgerKey, 2, "$.streams[0].version"),
            new("a leaf index as a string", Edited(b => Proof(b)["events"]![0]!["leafIndex"] = "0"), ledgerKey, 2, "leafIndex"),
            new("the tree size as 2.0", Edited(b => Proof(b)["checkpoint"]!["treeSize"] = JsonNode.Parse("2.0")), ledgerKey, 2, "treeSize"),
            new("a leaf index of 16 digits", Edited(b => Proof(b)["events"]![0]!["leafIndex"] = 1_000_000_000_000_000), ledgerKey, 2, "leafIndex"),
            new("publication 0", Edited(b => b["publication"] = 0), ledgerKey, 2, "$.publication"),
            new("publicationSequence 0", Edited(b => b["publicationSequence"] = 0), ledgerKey, 2, "$.publicationSequence"),
            new("a stream at version -1", Edited(b => b["streams"]![0]!["version"] = -1), ledgerKey, 2, "$.streams[0].version"),
            new("a year beyond 32 bits", Edited(b => b["year"] = 3_000_000_000), ledgerKey, 2, "$.year"),
            new("an event member spelled in another case", ForgedFirstData("agency_registered", "\"name\": ", "\"Name\": "), forgerKey, 1,
                "is not the JSON object of a agency_registered"),
            new("a null element in an event's evidence", ForgedFirstData("self_score_entered", "\"evidence\": [", "\"evidence\": [null, "), forgerKey, 1,
                "is not the JSON object of a self_score_entered"),
            new("the tree size as a fraction", Edited(b => Proof(b)["checkpoint"]!["treeSize"] = 2.5), ledgerKey, 2, "treeSize"),
            new("a member repeated", genuine.Replace("{\"format\":", "{\"block\":\"districts\",\"format\":"), ledgerKey, 2, "Duplicate"),
            new("a member the schema does not define, repeated", genuine.Replace("{\"format\":", "{\"extra\":1,\"extra\":2,\"format\":"), ledgerKey, 2, "Duplicate"),
            new("a subtree hash repeated", genuine.Replace($"\"{node.Key}\":", $"\"{node.Key}\":\"{node.Value}\",\"{node.Key}\":"), ledgerKey, 2, "Duplicate"),
            new("no proof", Edited(b => b.Remove("proof")), ledgerKey, 2, "'proof'"),
            new("no streams", Edited(b => b.Remove("streams")), ledgerKey, 2, "'streams'"),
            new("proof null", Edited(b => b["proof"] = null), ledgerKey, 2, "cannot be read"),
            new("no checkpoint", Edited(b => Proof(b).Remove("checkpoint")), ledgerKey, 2, "'checkpoint'"),
            new("a null stream", Edited(b => b["streams"]!.AsArray().Add(null)), ledgerKey, 2, "is null"),
            new("a null event", Edited(b => Proof(b)["events"]!.AsArray().Add(null)), ledgerKey, 2, "is null"),
            new("a null subtree hash", Edited(b => Proof(b)["nodes"]![node.Key] = null), ledgerKey, 2, "is null"),
            new("a null checkpoint root", Edited(b => Proof(b)["checkpoint"]!["root"] = null), ledgerKey, 2, "root"),

            // 4. Hashes are lower-case hex: any other form is checked by the step that uses it.
            new("head.previousHash in upper case", Edited(b => Proof(b)["head"]!["previousHash"] = bundle.Proof.Head.PreviousHash.ToUpperInvariant()), ledgerKey, 1, "lower-case hex"),
            new("head.leaf in upper case", Edited(b => Proof(b)["head"]!["leaf"] = bundle.Proof.Head.Leaf.ToUpperInvariant()), ledgerKey, 1, "lower-case hex"),
            new("head.previousHash not hex", Edited(b => Proof(b)["head"]!["previousHash"] = new string('z', 64)), ledgerKey, 1, "lower-case hex"),
            new("a subtree hash the walk needs in upper case", Edited(b => Proof(b)["nodes"]![node.Key] = node.Value.ToUpperInvariant()), ledgerKey, 1, "lacks a subtree hash"),
            new("a subtree hash the walk needs not hex", Edited(b => Proof(b)["nodes"]![node.Key] = new string('z', 64)), ledgerKey, 1, "lacks a subtree hash"),

            // 5. An unknown publication format is refused, never hashed as format 1.
            new("re-signed unchanged, the forger's key given", Forged(e => e), forgerKey, 0, "identical"),
            new("re-signed unchanged, the ledger's key given", Forged(e => e), ledgerKey, 1, "NOT PROVEN"),
            new("publication format cchc-publication/3", ForgedPublication("\"format\": \"cchc-publication/2\"", "\"format\": \"cchc-publication/3\""), forgerKey, 1, "'cchc-publication/3' is unknown"),
            new("publication format as a number", ForgedPublication("\"format\": \"cchc-publication/2\"", "\"format\": 2"), forgerKey, 1, "different"),

            // 6. What cannot be folded is different, with a reason.
            new("an event of a type the ledger does not write", ForgedFirst("self_assessment_submitted", 3, "something_new"), forgerKey, 1, "does not write: something_new"),
            new("an event whose data is not JSON", ForgedFirst("self_assessment_submitted", 7, "{not json"), forgerKey, 1, "is not the JSON object of a self_assessment_submitted"),
            new("an event whose data is an array", ForgedFirst("self_assessment_submitted", 7, "[]"), forgerKey, 1, "is not the JSON object of a self_assessment_submitted"),
            new("an event whose data is null", ForgedFirst("self_assessment_submitted", 7, "null"), forgerKey, 1, "is not the JSON object of a self_assessment_submitted"),
            new("the publication's data is not JSON", Forged(e => e == publication ? WithField(e, 7, "{") : e), forgerKey, 1, "is not a publication"),
            new("a null decisionRef", ForgedPublication("\"decisionRef\": \"QĐ 345/QĐ-UBND\"", "\"decisionRef\": null"), forgerKey, 1, "DecisionRef"),
            new("a null agency name in an entry", ForgedPublication("\"name\": \"UBND huyện Hữu Lũng\"", "\"name\": null"), forgerKey, 1, "Name"),
            new("a null block", ForgedPublication("\"block\": \"districts\"", "\"block\": null"), forgerKey, 1, "Block"),
            new("a scorecard stream that does not begin with scorecard_opened", ForgedFirst("scorecard_opened", 3, "self_assessment_submitted"), forgerKey, 1, "does not begin with its opening event"),
            new("an agency stream that does not begin with agency_registered", ForgedFirst("agency_registered", 3, "agency_renamed"), forgerKey, 1, "does not begin with its opening event"),

            // 7. publishedAt: any offset, any number of fractional digits; none is not an instant.
            new("publishedAt without an offset", ForgedPublication($"\"{publishedAt}\"", $"\"{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff}\""), forgerKey, 1, "is not an instant with its offset"),
            new("publishedAt as a date", ForgedPublication($"\"{publishedAt}\"", $"\"{at.UtcDateTime:yyyy-MM-dd}\""), forgerKey, 1, "is not an instant with its offset"),
            new("publishedAt at +07:00, the same instant", ForgedPublication($"\"{publishedAt}\"", $"\"{at.ToOffset(TimeSpan.FromHours(7)):yyyy-MM-dd'T'HH:mm:ss.ffffffzzz}\""), forgerKey, 0, "identical"),
            new("publishedAt with nine fractional digits", ForgedPublication($"\"{publishedAt}\"", $"\"{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff}789Z\""), forgerKey, 0, "identical"),
        ];
    }

    private static async Task<string> KeyFileAsync(string folder, string name, string text)
    {
        var file = Path.Combine(folder, name);
        await File.WriteAllTextAsync(file, text);
        return file;
    }

    private static ProofEvent WithField(ProofEvent e, int field, string value) => e with { Fields = [.. e.Fields.Select((f, i) => i == field ? value : f)] };

    /// <summary>
    /// The bundle with <paramref name="events"/> in place of its own, their leaves, the head link, the root and the checkpoint
    /// recomputed and signed with <paramref name="key"/>: what a forger without the ledger's key can do.
    /// </summary>
    internal static PublicationBundle Resealed(PublicationBundle bundle, IReadOnlyList<ProofEvent> events, ECDsa key)
    {
        var leaves = events.ToDictionary(e => e.LeafIndex, e => MerkleTree.Leaf(EventChain.Canonical(e.Fields)));
        var head = bundle.Proof.Head;
        if (leaves.TryGetValue(head.LeafIndex, out var headLeaf)) head = head with { Leaf = Convert.ToHexStringLower(headLeaf) };
        else leaves[head.LeafIndex] = Convert.FromHexString(head.Leaf);
        var root = MerkleTree.RootFrom(bundle.Proof.Checkpoint.TreeSize, leaves, bundle.Proof.Nodes.ToDictionary(kv => kv.Key, kv => Convert.FromHexString(kv.Value)))!;
        var c = bundle.Proof.Checkpoint;
        var signed = Checkpoint.Sign(key, c.Sequence, EventChain.Link(Convert.FromHexString(head.PreviousHash), Convert.FromHexString(head.Leaf)), c.TreeSize, root,
            DateTimeOffset.Parse(c.At, CultureInfo.InvariantCulture));
        return bundle with
        {
            PublicKey = key.ExportSubjectPublicKeyInfoPem(),
            Proof = bundle.Proof with { Checkpoint = SignedCheckpoint.Of(signed), Head = head, Events = events },
        };
    }
}
