namespace CchcLedger.Api.Hosting;

/// <summary>
/// The key of the application's per-event MAC (docs/integrity/writers-and-clock.md), kept outside the database like the
/// checkpoint key: <c>Integrity:EventMacKey</c> (base64, at least 32 bytes, e.g. from the environment) or the file
/// <c>Integrity:EventMacKeyFile</c> (the same base64). Without either, a development key is created in
/// <c>.data/integrity/event-mac.key</c> with a warning, except in Production, which refuses to start without one (or with a
/// configured file that does not exist: production never makes its keys).
/// Every event from <c>Integrity:MacsRequiredFrom</c> (default 1) on must carry a valid MAC: a ledger that existed
/// before MACs sets it to the first sequence written with them.
/// </summary>
public sealed class EventMacKey(byte[] key, long requiredFrom = 1)
{
    public byte[] Key { get; } = key;
    public long RequiredFrom { get; } = requiredFrom;

    public static EventMacKey From(IConfiguration configuration, ILogger? log = null, bool production = false)
    {
        var from = configuration.GetValue("Integrity:MacsRequiredFrom", 1L);
        return new EventMacKey(Load(configuration, log, production), from);
    }

    private static byte[] Load(IConfiguration configuration, ILogger? log, bool production)
    {
        if (configuration["Integrity:EventMacKey"] is { Length: > 0 } configured) return Decode(configured, "Integrity:EventMacKey");
        var given = configuration["Integrity:EventMacKeyFile"] is { Length: > 0 } f ? f : null;
        var file = given ?? Path.Combine(Path.GetDirectoryName(LedgerDatabase.DefaultFolder())!, "integrity", "event-mac.key");
        return Decode(DevelopmentKeys.Read(given, file, "Integrity:EventMacKey", production, () => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            $"No Integrity:EventMacKey configured: created a development event MAC key in {file}. Give a production ledger a key of its own, kept outside the database.", log), file);
    }

    private static byte[] Decode(string base64, string source)
    {
        var key = Convert.FromBase64String(base64.Trim());
        return key.Length >= 32 ? key : throw new InvalidOperationException($"{source}: the event MAC key must be at least 32 bytes (base64).");
    }
}
