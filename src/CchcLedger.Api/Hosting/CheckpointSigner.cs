using System.Security.Cryptography;
using System.Text.Json;
using CchcLedger.Domain.Integrity;
using CchcLedger.Projections;
using Marten;
using Npgsql;

namespace CchcLedger.Api.Hosting;

/// <summary>
/// The key that signs checkpoints of the hash chain, kept outside the database: <c>Integrity:CheckpointKey</c> (a PEM
/// EC P-256 private key, e.g. from the environment) or the file <c>Integrity:CheckpointKeyFile</c>; without either, a
/// development key is created in <c>.data/integrity/checkpoint-key.pem</c> with a warning, except in production, which
/// refuses to start without one (or with a configured file that does not exist). Every checkpoint is also
/// appended to the witness file (<c>Integrity:WitnessFile</c>, default <c>.data/integrity/checkpoints.jsonl</c>), a
/// copy outside the database that survives a rewrite of it.
/// </summary>
public sealed class CheckpointSigner(ECDsa key, string witnessFile)
{
    private static readonly SemaphoreSlim FileLock = new(1, 1);

    public ECDsa Key { get; } = key;
    public string WitnessFile { get; } = witnessFile;
    public string PublicKeyPem => Key.ExportSubjectPublicKeyInfoPem();

    /// <param name="production">Never make a key: the key or its file must be configured, and the file must exist.</param>
    public static CheckpointSigner From(IConfiguration configuration, ILogger? log = null, bool production = false)
    {
        var folder = Path.Combine(Path.GetDirectoryName(LedgerDatabase.DefaultFolder())!, "integrity");
        var key = ECDsa.Create();
        if (configuration["Integrity:CheckpointKey"] is { Length: > 0 } pem) key.ImportFromPem(pem);
        else
        {
            var given = configuration["Integrity:CheckpointKeyFile"] is { Length: > 0 } f ? f : null;
            var file = given ?? Path.Combine(folder, "checkpoint-key.pem");
            key.ImportFromPem(DevelopmentKeys.Read(given, file, "Integrity:CheckpointKey", production, () => ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem(),
                $"No Integrity:CheckpointKey configured: created a development checkpoint key in {file}. Give a production ledger a key of its own, kept outside the database.", log));
        }
        if (key.KeySize != 256) throw new InvalidOperationException("The checkpoint key must be an EC P-256 key.");
        return new CheckpointSigner(key, WitnessFileOf(configuration));
    }

    /// <summary>The witness file: <c>Integrity:WitnessFile</c>, default <c>.data/integrity/checkpoints.jsonl</c>.</summary>
    public static string WitnessFileOf(IConfiguration configuration) =>
        configuration["Integrity:WitnessFile"] is { Length: > 0 } w ? w
        : Path.Combine(Path.GetDirectoryName(LedgerDatabase.DefaultFolder())!, "integrity", "checkpoints.jsonl");

    /// <summary>Signs the chain head now, records the checkpoint in the ledger and in the witness file.</summary>
    public async Task<ChainCheckpointed?> CheckpointAsync(IDocumentStore store, CancellationToken ct = default)
    {
        var checkpoint = await EventSeals.CheckpointAsync(store, Key, ct);
        if (checkpoint is null) return null;
        LedgerTelemetry.Checkpointed();
        await FileLock.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(WitnessFile))!);
            await File.AppendAllTextAsync(WitnessFile, JsonSerializer.Serialize(checkpoint, JsonSerializerOptions.Web) + "\n", ct);
        }
        finally
        {
            FileLock.Release();
        }
        return checkpoint;
    }

    /// <summary>
    /// The checkpoint that follows a write already committed (a publication): its failure must not turn that write's answer
    /// into an error, since the write stands. It is logged, and the periodic checkpoint (<see cref="CheckpointEveryInterval"/>)
    /// covers the write later. False when it failed.
    /// </summary>
    public async Task<bool> CheckpointAfterAsync(IDocumentStore store, string what, ILogger log)
    {
        try
        {
            await CheckpointAsync(store);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NpgsqlException or InvalidOperationException)
        {
            log.LogError(e, "{What} is recorded, but the checkpoint that follows it failed ({Error}); the periodic checkpoint will cover it", what, e.Message);
            return false;
        }
    }

    /// <summary>
    /// Why <paramref name="witnessFile"/> cannot stand for this ledger's witness: it does not exist while the ledger has
    /// signed checkpoints (so a wrong path is never taken for an empty witness). Null when it can.
    /// </summary>
    public static async Task<string?> MissingWitnessAsync(NpgsqlConnection conn, string witnessFile, CancellationToken ct)
    {
        if (File.Exists(witnessFile)) return null;
        await using var checkpoints = new NpgsqlCommand($"select exists (select from {LedgerStore.SchemaName}.mt_events where stream_id = @stream)", conn);
        checkpoints.Parameters.AddWithValue("stream", EventSeals.CheckpointStream);
        return (bool)(await checkpoints.ExecuteScalarAsync(ct))!
            ? $"the witness file {witnessFile} does not exist, but the ledger has signed checkpoints: give it with --witness or Integrity__WitnessFile"
            : null;
    }

    /// <summary>The checkpoints of a witness file, one JSON object a line; none when the file does not exist.</summary>
    public static IReadOnlyList<ChainCheckpointed> ReadWitness(string file) =>
        File.Exists(file)
            ? File.ReadAllLines(file).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<ChainCheckpointed>(l, JsonSerializerOptions.Web)!).ToList()
            : [];
}

/// <summary>A checkpoint every <c>Integrity:CheckpointMinutes</c> (default 60; 0: none) when events were appended since the last one.</summary>
public sealed class CheckpointEveryInterval(IDocumentStore store, CheckpointSigner signer, IConfiguration configuration,
    ILogger<CheckpointEveryInterval> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var minutes = configuration.GetValue("Integrity:CheckpointMinutes", 60.0);
        if (minutes <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                await using var session = store.QuerySession();
                var last = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
                if (last is null || last.StreamKey == EventSeals.CheckpointStream) continue;
                var checkpoint = await signer.CheckpointAsync(store, ct);
                log.LogInformation("Checkpoint of the chain at sequence {Sequence}", checkpoint?.Sequence);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The periodic checkpoint failed; the next tick tries again");
            }
        }
    }
}
