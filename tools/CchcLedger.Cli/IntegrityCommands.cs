using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using CchcLedger.Api.Evidence;
using CchcLedger.Api.Integrity;
using CchcLedger.Api.Hosting;
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
    private static readonly Argument<string> Folder = new("folder") { Description = "A bundle written by cchc export" };

    public static IEnumerable<Command> Build()
    {
        yield return Verify();
        yield return Export();
        yield return VerifyBundle();
    }

    /// <summary><c>cchc export</c>: a publication and everything it derives from, with the proof and the key, for checking anywhere.</summary>
    private static Command Export() =>
        ReadCommands.OnLedger("export", "Write a publication, every event it derives from, their Merkle proof against the signed checkpoint and the public key to --out",
            [Year, Block, Publication, Out], async (parse, store, ct) =>
            {
                await using var session = store.QuerySession();
                await using var conn = new NpgsqlConnection(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
                await conn.OpenAsync(ct);
                var (bundle, problem) = await PublicationBundle.BuildAsync(session, conn, CheckpointSigner.From(CliOptions.Settings),
                    parse.GetValue(Year), parse.GetValue(Block) ?? "", parse.GetValue(Publication), ct);
                if (bundle is null) return ReadCommands.Refused(Domain.Refusal.NotFound("publication", problem!));
                var folder = parse.GetValue(Out)!;
                Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(Path.Combine(folder, "bundle.json"), JsonSerializer.Serialize(bundle, JsonSerializerOptions.Web), ct);
                await File.WriteAllTextAsync(Path.Combine(folder, "public-key.pem"), bundle.PublicKey, ct);
                Console.WriteLine($"{folder}: publication {bundle.Publication} of {bundle.Year} {bundle.Block}, {bundle.Proof.Events.Count:N0} events, " +
                                  $"{bundle.Proof.Nodes.Count:N0} proof hashes, checkpoint at sequence {bundle.Proof.Checkpoint.Sequence}");
                return 0;
            });

    /// <summary><c>cchc verify-bundle</c>: no database, no network; the bundle and, optionally, a public key the checker trusts.</summary>
    private static Command VerifyBundle()
    {
        var command = new Command("verify-bundle", "Check a bundle with nothing but its files: the signature, every event's inclusion, and the ranking recomputed; exit 1 unless identical");
        command.Arguments.Add(Folder);
        command.Options.Add(PublicKey);
        command.SetAction(async (parse, ct) =>
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var folder = parse.GetValue(Folder)!;
            var bundle = JsonSerializer.Deserialize<PublicationBundle>(await File.ReadAllTextAsync(Path.Combine(folder, "bundle.json"), ct), JsonSerializerOptions.Web);
            if (bundle?.Format != PublicationBundle.CurrentFormat)
            {
                Console.Error.WriteLine($"verify-bundle: {folder} is not a {PublicationBundle.CurrentFormat} bundle");
                return 2;
            }
            using var trusted = parse.GetValue(PublicKey) is { } pem ? ECDsa.Create() : null;
            trusted?.ImportFromPem(await File.ReadAllTextAsync(parse.GetValue(PublicKey)!, ct));
            var verdict = bundle.Verify(trusted);
            Console.WriteLine($"{bundle.Year} {bundle.Block} publication {bundle.Publication}: {(verdict.Included ? $"{bundle.Proof.Events.Count:N0} events in the ledger signed at sequence {bundle.Proof.Checkpoint.Sequence}" : "NOT PROVEN")}; " +
                              $"{verdict.Detail}{(verdict.Digest is null ? "" : $" (sha256 {verdict.Digest})")} — {watch.Elapsed.TotalSeconds:F2} s");
            foreach (var d in verdict.Differences) Console.WriteLine($"  {d.Agency} {d.Field}: published {d.Published}, recomputed {d.Regenerated}");
            return verdict.Identical ? 0 : 1;
        });
        return command;
    }

    private static Command Verify() =>
        ReadCommands.OnLedger("verify", "Recompute the hash chain from the first event and check every signed checkpoint; exits 1 at the first failure",
            [Witness, PublicKey, ReadCommands.AsJson], async (parse, store, ct) =>
            {
                var signer = CheckpointSigner.From(CliOptions.Settings);
                var key = signer.Key;
                if (parse.GetValue(PublicKey) is { } pem)
                {
                    key = ECDsa.Create();
                    key.ImportFromPem(await File.ReadAllTextAsync(pem, ct));
                }
                await using var conn = new NpgsqlConnection(store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
                await conn.OpenAsync(ct);
                var report = await EventSeals.VerifyAsync(conn, key, CheckpointSigner.ReadWitness(parse.GetValue(Witness) ?? signer.WitnessFile), ct);
                var evidence = await EvidenceVerification.VerifyAsync(conn, EvidenceStores.Create(EvidenceSettings.From(CliOptions.Settings),
                    store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString), ct);
                if (parse.GetValue(ReadCommands.AsJson)) Output.WriteJson(EvidenceVerification.Combine(report, evidence, Output.Json));
                else if (report.FirstFailure is { } f)
                    Console.WriteLine($"BROKEN after {report.EventsChecked:N0} events and {report.CheckpointsChecked} checkpoints: sequence {f.Sequence} ({f.Stream ?? "no event"}) {f.Kind}: {f.Detail}");
                else Console.WriteLine($"ok: {report.EventsChecked:N0} events, one unbroken chain, {report.CheckpointsChecked} signed checkpoints");
                EvidenceCommands.Print(evidence, parse.GetValue(ReadCommands.AsJson));
                return report.Ok && evidence.Ok ? 0 : 1;
            });
}
