using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using CchcLedger.Api.Evidence;
using CchcLedger.Api.Integrity;
using CchcLedger.Api.Hosting;
using CchcLedger.Domain.Integrity;
using CchcLedger.Projections;
using Npgsql;

namespace CchcLedger.Cli;

/// <summary><c>cchc verify</c>: recomputes the hash chain and checks the signed checkpoints; exit 1 when anything fails.</summary>
internal static class IntegrityCommands
{
    private static readonly Option<string?> Witness = new("--witness") { Description = "A witness file of checkpoints kept outside the database; default: the ledger's own (.data/integrity/checkpoints.jsonl)" };
    private static readonly Option<string?> PublicKey = new("--public-key") { Description = "The PEM public key checkpoints must verify against; default: the ledger's checkpoint key" };

    private static readonly Option<int> Year = new("--year") { Description = "The scoring year" };
    private static readonly Option<string?> Block = new("--block") { Description = "The block" };
    private static readonly Option<int> Publication = new("--publication") { Description = "The publication number" };
    private static readonly Option<string> Out = new("--out") { Description = "The folder to write the bundle to", DefaultValueFactory = _ => "bundle" };
    private static readonly Option<bool> WithEvidence = new("--with-evidence")
    {
        Description = "Also write every evidence file the bundle's events cite to --out/evidence/{sha256}, each checked against its hash on the way",
    };
    private static readonly Argument<string> Folder = new("bundle") { Description = "A bundle written by cchc export: its folder or its bundle.json.gz" };
    private static readonly Option<string[]> Fingerprint = new("--key-fingerprint")
    {
        Description = "A trusted key's fingerprint (hex SHA-256 of its SubjectPublicKeyInfo, 64 characters); the bundle's own key is used only when its fingerprint is one of these",
        AllowMultipleArgumentsPerToken = true,
    };

    public static IEnumerable<Command> Build()
    {
        yield return Verify();
        yield return Export();
        yield return VerifyBundle();
    }

    /// <summary><c>cchc export</c>: a publication and everything it derives from, with the proof and the key, for checking anywhere.</summary>
    private static Command Export() =>
        ReadCommands.OnLedger("export", "Write a publication, every event of every stream it derives from, their Merkle proof against the signed checkpoint and the public key to --out (bundle.json.gz)",
            [Year, Block, Publication, Out, WithEvidence], async (parse, store, ct) =>
            {
                await using var session = store.QuerySession();
                await using var conn = new NpgsqlConnection(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
                await conn.OpenAsync(ct);
                var (bundle, problem) = await PublicationBundle.BuildAsync(session, conn, CheckpointSigner.From(CliOptions.Settings, production: CliOptions.KeysRequired(parse)),
                    parse.GetValue(Year), parse.GetValue(Block) ?? "", parse.GetValue(Publication), ct);
                if (bundle is null) return ReadCommands.Refused(Domain.Refusal.NotFound("publication", problem!));
                var folder = parse.GetValue(Out)!;
                Directory.CreateDirectory(folder);
                await bundle.WriteAsync(Path.Combine(folder, PublicationBundle.FileName), ct);
                await File.WriteAllTextAsync(Path.Combine(folder, "public-key.pem"), bundle.PublicKey, ct);
                Console.WriteLine($"{folder}: publication {bundle.Publication} of {bundle.Year} {bundle.Block}, {bundle.Proof.Events.Count:N0} events of {bundle.Streams.Count:N0} streams, " +
                                  $"{bundle.Proof.Nodes.Count:N0} proof hashes, checkpoint at sequence {bundle.Proof.Checkpoint.Sequence}");
                if (!parse.GetValue(WithEvidence)) return 0;
                var evidence = await BundleEvidence.ExportAsync(bundle, EvidenceStores.Create(EvidenceSettings.From(CliOptions.Settings),
                    store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString), folder, ct);
                Console.WriteLine($"{Path.Combine(folder, BundleEvidence.Folder)}: {evidence.Present:N0} of the {evidence.Cited:N0} evidence files the events cite");
                foreach (var p in evidence.Problems) Console.Error.WriteLine($"export: {p}");
                return evidence.Problems.Count == 0 ? 0 : 1;
            });

    public const int ExitUntrustedKey = 3;
    public const int ExitUnreadable = 2;

    /// <summary>
    /// <c>cchc verify-bundle</c>: no database, no network. The checkpoint must verify against a key the checker trusts:
    /// one given with --public-key, or the bundle's own key when its fingerprint is pinned (--key-fingerprint, or
    /// Integrity:TrustedKeys). The bundle's key by itself is never trusted: exit 3.
    /// </summary>
    private static Command VerifyBundle()
    {
        var command = new Command("verify-bundle", "Check a bundle with nothing but its files and a trusted key: the signature, the head, every event's inclusion, every stream complete, and the ranking recomputed; " +
                                                   "exit 0 identical, 1 different / not proven / incomplete, 2 unreadable, 3 no trusted key");
        command.Arguments.Add(Folder);
        command.Options.Add(PublicKey);
        command.Options.Add(Fingerprint);
        command.SetAction(async (parse, ct) =>
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var folder = parse.GetValue(Folder)!;
            PublicationBundle bundle;
            try
            {
                bundle = await PublicationBundle.ReadAsync(folder, ct);
            }
            catch (Exception e) when (e is IOException or JsonException or InvalidDataException or UnauthorizedAccessException)
            {
                // Unreadable before any trust decision (docs/integrity/checkpoints.md, "Trusting a key"): exit 2, key or no key.
                Console.Error.WriteLine($"verify-bundle: {folder} cannot be read as a {PublicationBundle.CurrentFormat} bundle: {e.Message}");
                return ExitUnreadable;
            }

            using var bundled = bundle.BundledKey();
            var fingerprint = Checkpoint.Fingerprint(bundled);
            ECDsa? trusted = null;
            var title = $"{bundle.Year} {bundle.Block} publication {bundle.Publication}";
            if (parse.GetValue(PublicKey) is { } pem)
            {
                // A given key is the trusted key; a file that holds none gives no trusted key (never the bundle's own instead).
                string? text = null;
                try { text = await File.ReadAllTextAsync(pem, ct); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
                trusted = Checkpoint.ReadPublicKey(text);
                if (trusted is null)
                {
                    Console.WriteLine($"{title}: UNTRUSTED KEY: no trusted key: --public-key {pem} {(text is null ? "cannot be read" : "holds no PEM SubjectPublicKeyInfo of a P-256 key")}.");
                    return ExitUntrustedKey;
                }
            }
            else if (TrustedFingerprints(parse).Contains(fingerprint)) trusted = bundled;
            if (trusted is null)
            {
                Console.WriteLine($"{title}: UNTRUSTED KEY: no trusted key: the bundle's key (fingerprint {fingerprint}) is not one this checker trusts. " +
                                  "Give the ledger's published key with --public-key, or pin its fingerprint with --key-fingerprint or Integrity:TrustedKeys; " +
                                  "a bundle's own key proves nothing by itself.");
                return ExitUntrustedKey;
            }
            using var _ = trusted == bundled ? null : trusted;
            var verdict = bundle.Verify(trusted);
            Console.WriteLine($"{title}: {(verdict.Included ? $"{bundle.Proof.Events.Count:N0} events in the ledger signed at sequence {bundle.Proof.Checkpoint.Sequence} by key {Checkpoint.Fingerprint(trusted)[..16]}" : "NOT PROVEN")}; " +
                              $"{verdict.Detail}{(verdict.Digest is null ? "" : $" (sha256 {verdict.Digest})")} — {watch.Elapsed.TotalSeconds:F2} s");
            foreach (var d in verdict.Differences) Console.WriteLine($"  {d.Agency} {d.Field}: published {d.Published}, recomputed {d.Regenerated}");
            if (!verdict.Identical) return 1;

            // Step 9: the evidence files beside the bundle, if any, against the hashes its (now proven) events cite.
            var evidence = await BundleEvidence.CheckAsync(bundle, Directory.Exists(folder) ? folder : Path.GetDirectoryName(Path.GetFullPath(folder))!, ct);
            if (evidence.Altered.Count > 0)
            {
                Console.WriteLine($"{title}: EVIDENCE ALTERED: {evidence.Altered.Count} of the {evidence.Present} evidence files present do not hash to their names");
                foreach (var a in evidence.Altered)
                    Console.WriteLine($"  {BundleEvidence.Folder}/{a.Sha256}: its bytes hash to {a.Actual}; cited by event {string.Join(", ", a.CitedBy)}");
                return 1;
            }
            Console.WriteLine($"evidence: {evidence.Present} of the {evidence.Cited} files the events cite are present and hash to their names" +
                              (evidence.Present < evidence.Cited ? "; the others are not in the folder (not a failure)" : ""));
            return 0;
        });
        return command;
    }

    /// <summary>Fingerprints pinned on the command line and in configuration (Integrity:TrustedKeys, comma-separated), lower case.</summary>
    private static HashSet<string> TrustedFingerprints(ParseResult parse) =>
        (parse.GetValue(Fingerprint) ?? []).Concat((CliOptions.Settings["Integrity:TrustedKeys"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Select(f => f.ToLowerInvariant()).Where(f => f.Length == 64).ToHashSet(StringComparer.Ordinal);

    private static Command Verify() =>
        ReadCommands.OnLedger("verify", "Recompute the hash chain and every event's MAC from the first event, check every signed checkpoint, then audit every projection; exits 1 at the first failure",
            [Witness, PublicKey, ReadCommands.AsJson], async (parse, store, ct) =>
            {
                // The checkpoint key is read only when no public key is given: an auditor verifies without the private key.
                ECDsa key;
                if (parse.GetValue(PublicKey) is not { } pem) key = CheckpointSigner.From(CliOptions.Settings, production: CliOptions.KeysRequired(parse)).Key;
                else
                {
                    // Only a public key: a private key (or anything else) given here is refused, as verify-bundle refuses it.
                    string? text = null;
                    try { text = await File.ReadAllTextAsync(pem, ct); }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
                    if (Checkpoint.ReadPublicKey(text) is not { } given)
                    {
                        Console.Error.WriteLine($"verify: --public-key {pem} {(text is null ? "cannot be read" : "holds no PEM SubjectPublicKeyInfo of a P-256 key (a PUBLIC KEY block, nothing else)")}");
                        return 2;
                    }
                    key = given;
                }
                await using var conn = new NpgsqlConnection(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
                await conn.OpenAsync(ct);
                var witness = parse.GetValue(Witness) ?? CheckpointSigner.WitnessFileOf(CliOptions.Settings);
                if (await CheckpointSigner.MissingWitnessAsync(conn, witness, ct) is { } missing)
                {
                    Console.Error.WriteLine($"verify: {missing}");
                    return 2;
                }
                var report = await LedgerVerification.RunAsync(conn, key, CheckpointSigner.ReadWitness(witness),
                    EventMacKey.From(CliOptions.Settings, production: CliOptions.KeysRequired(parse)), EvidenceStores.Create(EvidenceSettings.From(CliOptions.Settings),
                        store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString), ct);
                if (parse.GetValue(ReadCommands.AsJson)) Output.WriteJson(report);
                else if (report.FirstFailure is { } f)
                    Console.WriteLine($"BROKEN after {report.EventsChecked:N0} events and {report.CheckpointsChecked} checkpoints: sequence {f.Sequence} ({f.Stream ?? "no event"}) {f.Kind}: {f.Detail}");
                else
                    Console.WriteLine($"ok: {report.EventsChecked:N0} events, one unbroken chain, {report.CheckpointsChecked} signed checkpoints, " +
                                      $"{report.MacsChecked:N0} MACs from sequence {report.MacsFrom}" +
                                      $", {report.DocumentsChecked:N0} documents as the events give them");
                if (!parse.GetValue(ReadCommands.AsJson)) EvidenceCommands.Print(report.Evidence, json: false);
                return report.Ok ? 0 : 1;
            });
}
