using System.CommandLine;
using System.Security.Cryptography;
using CchcLedger.Api.Hosting;
using CchcLedger.Projections;
using Npgsql;

namespace CchcLedger.Cli;

/// <summary><c>cchc verify</c>: recomputes the hash chain and checks the signed checkpoints; exit 1 when anything fails.</summary>
internal static class IntegrityCommands
{
    private static readonly Option<string?> Witness = new("--witness") { Description = "A witness file of checkpoints kept outside the database; default: the ledger's own (.data/integrity/checkpoints.jsonl)" };
    private static readonly Option<string?> PublicKey = new("--public-key") { Description = "The PEM public key checkpoints must verify against; default: the ledger's checkpoint key" };

    public static Command Build() =>
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
                if (parse.GetValue(ReadCommands.AsJson)) Output.WriteJson(report);
                else if (report.FirstFailure is { } f)
                    Console.WriteLine($"BROKEN after {report.EventsChecked:N0} events and {report.CheckpointsChecked} checkpoints: sequence {f.Sequence} ({f.Stream ?? "no event"}) {f.Kind}: {f.Detail}");
                else Console.WriteLine($"ok: {report.EventsChecked:N0} events, one unbroken chain, {report.CheckpointsChecked} signed checkpoints");
                return report.Ok ? 0 : 1;
            });
}
