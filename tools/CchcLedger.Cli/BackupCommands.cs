using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using CchcLedger.Api.Hosting;
using CchcLedger.Projections;
using Marten;
using Npgsql;

namespace CchcLedger.Cli;

/// <summary>
/// <c>cchc backup</c> and <c>cchc restore</c>: the database in one consistent snapshot (<c>pg_dump</c>, custom format)
/// with what verification needs beside it (the witness file of signed checkpoints and the public key), hashed in a
/// manifest; and back into a new database, checked before it is declared restored. The checkpoint's private key is
/// a secret and is not in the backup: keep it as the README says.
/// </summary>
internal static class BackupCommands
{
    private static readonly Option<string> Out = new("--out") { Description = "The folder to write the backup to (created; must be empty)", Required = true };
    private static readonly Option<string> From = new("--from") { Description = "A folder written by cchc backup", Required = true };
    private static readonly Option<string?> Witness = new("--witness") { Description = "The witness file to back up; default: the ledger's (Integrity__WitnessFile, else .data/integrity/checkpoints.jsonl)" };

    public const string DumpFile = "ledger.dump";
    public const string WitnessFile = "checkpoints.jsonl";
    public const string PublicKeyFile = "public-key.pem";
    public const string ManifestFile = "manifest.json";

    public sealed record Manifest(string Format, DateTimeOffset CreatedAt, string Database, long Events, long LastSequence, string? ChainHead,
        IReadOnlyDictionary<string, string> Files);

    public static IEnumerable<Command> Build()
    {
        yield return Backup();
        yield return Restore();
    }

    private static Command Backup() =>
        ReadCommands.OnLedger("backup", "Write a consistent backup of the ledger (database, witness file, public key, manifest) to --out",
            [Out, Witness], async (parse, store, ct) =>
            {
                var folder = Path.GetFullPath(parse.GetValue(Out)!);
                if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                    return ReadCommands.Refused(Domain.Refusal.Invalid("out", $"{folder} is not empty; a backup goes into a folder of its own"));
                var connection = store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString;

                await using var conn = new NpgsqlConnection(connection);
                await conn.OpenAsync(ct);
                var (events, last, head) = await ChainStateAsync(conn, ct);
                var signer = CheckpointSigner.From(CliOptions.Settings, production: CliOptions.KeysRequired(parse));
                var witness = parse.GetValue(Witness) ?? signer.WitnessFile;
                // A backup without the witness file of a ledger that has signed checkpoints could not show that the database
                // was not rewritten before it was taken.
                if (await CheckpointSigner.MissingWitnessAsync(conn, witness, ct) is { } missing) return ReadCommands.Refused(Domain.Refusal.Invalid("witness", missing));
                Directory.CreateDirectory(folder);

                // pg_dump reads one snapshot: events, seals, documents and the clock agree with each other.
                await RunAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", Path.Combine(folder, DumpFile), "--dbname", Libpq(connection)], connection, ct);
                if (File.Exists(witness)) File.Copy(witness, Path.Combine(folder, WitnessFile));
                else await File.WriteAllTextAsync(Path.Combine(folder, WitnessFile), "", ct);
                await File.WriteAllTextAsync(Path.Combine(folder, PublicKeyFile), signer.PublicKeyPem, ct);

                var manifest = new Manifest("cchc-backup/1", DateTimeOffset.UtcNow, new NpgsqlConnectionStringBuilder(connection).Database ?? "", events, last, head,
                    new[] { DumpFile, WitnessFile, PublicKeyFile }.ToDictionary(f => f, f => Sha256(Path.Combine(folder, f))));
                await File.WriteAllTextAsync(Path.Combine(folder, ManifestFile), JsonSerializer.Serialize(manifest, Output.Json), ct);
                Console.WriteLine($"{folder}: {events:N0} events up to sequence {last}, chain head {head ?? "(empty)"}; " +
                                  $"database {new FileInfo(Path.Combine(folder, DumpFile)).Length / 1024.0 / 1024.0:F1} MiB");
                await EvidenceCommands.BackupNoteAsync(conn, ct);
                return 0;
            });

    private static Command Restore()
    {
        var command = new Command("restore", "Restore a backup into a new, empty database (--connection, or the local cluster's), then verify it against the backup's witness and key");
        command.Options.Add(From);
        LedgerConnection.AddOptions(command);
        command.SetAction(async (parse, ct) =>
        {
            var folder = Path.GetFullPath(parse.GetValue(From)!);
            var manifest = JsonSerializer.Deserialize<Manifest>(await File.ReadAllTextAsync(Path.Combine(folder, ManifestFile), ct), JsonSerializerOptions.Web)!;
            foreach (var (file, hash) in manifest.Files)
                if (Sha256(Path.Combine(folder, file)) != hash)
                    return ReadCommands.Refused(Domain.Refusal.Invalid("from", $"{file} does not match the backup's manifest: the backup is damaged or was changed"));

            var local = CliOptions.ConfiguredConnection(parse) is null ? LocalPostgres.Open(CliOptions.Local(parse), CliOptions.Logs.CreateLogger("cchc")) : null;
            if (local is not null) await local.StartAsync(ct);
            try
            {
                var connection = CliOptions.ConfiguredConnection(parse) ?? local!.ConnectionString;
                if (await HasLedgerAsync(connection, ct))
                    return ReadCommands.Refused(Domain.Refusal.Conflict("connection",
                        $"database '{new NpgsqlConnectionStringBuilder(connection).Database}' already holds a ledger; restore into a new, empty database"));
                await RunAsync("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--dbname", Libpq(connection), Path.Combine(folder, DumpFile)], connection, ct);

                using var store = DocumentStore.For(opts => LedgerStore.Configure(opts, connection, TimeProvider.System));
                await LedgerStore.MigrateAsync(store, grantAppRole: true, ct); // the application role's rights, on this server
                await using var conn = new NpgsqlConnection(connection);
                await conn.OpenAsync(ct);
                var (events, last, head) = await ChainStateAsync(conn, ct);
                if (events != manifest.Events || last != manifest.LastSequence || head != manifest.ChainHead)
                {
                    Console.Error.WriteLine($"restore: the restored ledger ({events} events to {last}, head {head}) is not the one backed up ({manifest.Events} to {manifest.LastSequence}, head {manifest.ChainHead})");
                    return 1;
                }
                using var key = ECDsa.Create();
                key.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(folder, PublicKeyFile), ct));
                // The events' MACs need the application's key, which a backup does not hold: `cchc verify` with the key checks them.
                var report = await EventSeals.VerifyAsync(conn, key, CheckpointSigner.ReadWitness(Path.Combine(folder, WitnessFile)), ct: ct);
                Console.WriteLine(report.Ok
                    ? $"restored: {events:N0} events, chain head {head}, verified with {report.CheckpointsChecked} signed checkpoints. Keep {Path.Combine(folder, WitnessFile)} as the ledger's witness file."
                    : $"restored, but verification FAILED at sequence {report.FirstFailure!.Sequence}: {report.FirstFailure.Kind} {report.FirstFailure.Detail}");
                return report.Ok ? 0 : 1;
            }
            catch (Exception e) when (e is InvalidOperationException or NpgsqlException)
            {
                Console.Error.WriteLine($"cchc restore: {e.Message}");
                return 2;
            }
            finally
            {
                if (local is not null) await local.DisposeAsync();
            }
        });
        return command;
    }

    /// <summary>Creates the target database when it does not exist; true when it already holds ledger events.</summary>
    private static async Task<bool> HasLedgerAsync(string connection, CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(connection);
        await using (var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await server.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", server);
            exists.Parameters.AddWithValue("name", target.Database!);
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                await new NpgsqlCommand($"create database \"{target.Database}\" encoding 'UTF8'", server).ExecuteNonQueryAsync(ct);
                return false;
            }
        }
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync(ct);
        await using var schema = new NpgsqlCommand($"select 1 from information_schema.schemata where schema_name = '{LedgerStore.SchemaName}'", conn);
        return await schema.ExecuteScalarAsync(ct) is not null;
    }

    private static async Task<(long Events, long Last, string? Head)> ChainStateAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"select (select count(*) from {LedgerStore.SchemaName}.mt_events), (select coalesce(max(seq_id), 0) from {LedgerStore.SchemaName}.mt_events), " +
            $"(select encode(hash, 'hex') from {LedgerStore.SchemaName}.{EventSeals.Table} order by seq_id desc limit 1)", conn);
        await using var row = await cmd.ExecuteReaderAsync(ct);
        await row.ReadAsync(ct);
        return (row.GetInt64(0), row.GetInt64(1), row.IsDBNull(2) ? null : row.GetString(2));
    }

    /// <summary>The connection as libpq's keyword form; the password, if any, travels in PGPASSWORD rather than on the command line.</summary>
    private static string Libpq(string connection)
    {
        var b = new NpgsqlConnectionStringBuilder(connection);
        return $"host={b.Host} port={b.Port} dbname={b.Database} user={b.Username}";
    }

    private static async Task RunAsync(string tool, IEnumerable<string> args, string connection, CancellationToken ct)
    {
        var info = new ProcessStartInfo(LocalPostgres.ServerTool(tool)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (new NpgsqlConnectionStringBuilder(connection).Password is { Length: > 0 } password) info.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed (exit {process.ExitCode}): {await error}");
    }

    private static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
