using System.Security.Cryptography;

namespace CchcLedger.Api.Evidence;

/// <summary>A file in the evidence store: its name (the SHA-256 of its bytes) and its size.</summary>
public sealed record StoredEvidence(string Sha256, long Size);

/// <summary>
/// Where the bytes of evidence files live, content-addressed: a file is stored once, under the lower-case hex SHA-256
/// of its bytes, and never changed or deleted through the application. Whoever reads a file checks it against its
/// name (see <see cref="EvidenceDownload"/>, <see cref="EvidenceVerification"/>): a store is trusted to keep bytes,
/// not to keep them intact.
/// </summary>
public interface IEvidenceStore
{
    /// <summary>Says where the files are, for logs and verification reports (no secrets).</summary>
    string Describe { get; }

    /// <summary>
    /// Stores <paramref name="content"/> (seekable, read from its start) under <paramref name="sha256"/> unless a file of
    /// that name is there already: true when stored now, false when it was there. Content that does not hash to the name
    /// is refused (<see cref="InvalidDataException"/>) and nothing is stored; an existing file is never overwritten.
    /// </summary>
    Task<bool> PutIfAbsentAsync(string sha256, Stream content, CancellationToken ct);

    /// <summary>The stored bytes (the stream's <c>Length</c> is the stored size), or null when there is no such file.</summary>
    Task<Stream?> OpenAsync(string sha256, CancellationToken ct);

    Task<bool> ExistsAsync(string sha256, CancellationToken ct);

    /// <summary>Every stored file, by name.</summary>
    IAsyncEnumerable<StoredEvidence> EnumerateAsync(CancellationToken ct);
}

/// <summary>
/// The <c>Evidence</c> settings: which store (<c>postgres</c>, the default, or <c>s3</c>), the upload limits, and
/// whether files cited by a publication are public.
/// </summary>
public sealed record EvidenceSettings(
    string Store,
    long MaxFileBytes,
    long MaxRequestBytes,
    int MaxFilesPerRequest,
    bool Public,
    S3Settings? S3)
{
    public const long DefaultMaxFileBytes = 20L * 1024 * 1024;
    public const long DefaultMaxRequestBytes = 100L * 1024 * 1024;

    /// <summary>What a multipart body may add to its files (boundaries, part headers), on top of <see cref="MaxRequestBytes"/>.</summary>
    public const long FramingAllowance = 1024 * 1024;

    /// <summary>The most a request body may be before it is refused unread (413 naming <c>body</c>).</summary>
    public long MaxBodyBytes => MaxRequestBytes + FramingAllowance;

    public static EvidenceSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Evidence");
        var store = (section["Store"] is { Length: > 0 } s ? s : "postgres").Trim().ToLowerInvariant();
        var settings = new EvidenceSettings(
            store,
            section.GetValue("MaxFileBytes", DefaultMaxFileBytes),
            section.GetValue("MaxRequestBytes", DefaultMaxRequestBytes),
            section.GetValue("MaxFilesPerRequest", 50),
            section.GetValue("Public", false),
            store == "s3" ? S3Settings.From(section.GetSection("S3")) : null);
        if (store is not ("postgres" or "s3"))
            throw new InvalidOperationException($"Evidence:Store is '{store}': it must be 'postgres' (the default) or 's3'");
        if (settings.MaxFileBytes <= 0 || settings.MaxRequestBytes < settings.MaxFileBytes || settings.MaxFilesPerRequest <= 0)
            throw new InvalidOperationException("Evidence:MaxFileBytes must be positive, Evidence:MaxRequestBytes at least as large, Evidence:MaxFilesPerRequest positive");
        return settings;
    }
}

/// <summary>
/// An S3-compatible object store: <c>Evidence:S3:ServiceUrl</c> (empty for AWS itself), <c>Bucket</c> (required),
/// <c>AccessKey</c>/<c>SecretKey</c> (empty: the SDK's usual credential chain), <c>Region</c> (default us-east-1),
/// <c>ForcePathStyle</c> (default true, which S3-compatible servers expect) and <c>Prefix</c> (default <c>evidence/</c>).
/// </summary>
public sealed record S3Settings(string? ServiceUrl, string Bucket, string? AccessKey, string? SecretKey, string Region, bool ForcePathStyle, string Prefix)
{
    public static S3Settings From(IConfiguration section)
    {
        var bucket = section["Bucket"];
        if (string.IsNullOrWhiteSpace(bucket)) throw new InvalidOperationException("Evidence:Store is 's3' but Evidence:S3:Bucket is not set");
        return new S3Settings(section["ServiceUrl"] is { Length: > 0 } url ? url : null, bucket, section["AccessKey"] is { Length: > 0 } a ? a : null,
            section["SecretKey"] is { Length: > 0 } k ? k : null, section["Region"] is { Length: > 0 } r ? r : "us-east-1",
            section.GetValue("ForcePathStyle", true), section["Prefix"] ?? "evidence/");
    }
}

public static class EvidenceStores
{
    /// <summary>The configured store; the PostgreSQL one writes to the ledger's own database through <paramref name="connectionString"/>.</summary>
    public static IEvidenceStore Create(EvidenceSettings settings, string connectionString) =>
        settings.Store == "s3" ? new S3EvidenceStore(settings.S3!) : new PostgresEvidenceStore(connectionString);

    /// <summary>The lower-case hex SHA-256 of a stream read to its end, and how many bytes it had.</summary>
    public static async Task<(string Sha256, long Size)> HashAsync(Stream content, CancellationToken ct)
    {
        var (sha256, size, _) = await HashStoredAsync(content, null, ct);
        return (sha256, size);
    }

    /// <summary>
    /// Hashes stored content to its end, copying it to <paramref name="copy"/> if given. A store that notices damage
    /// itself (<see cref="InvalidDataException"/> from its stream) is not an error here but a finding, returned as
    /// <c>Complaint</c> with the hash of what it did deliver.
    /// </summary>
    public static async Task<(string Sha256, long Size, string? Complaint)> HashStoredAsync(Stream content, Stream? copy, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        string? complaint = null;
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                if (copy is not null) await copy.WriteAsync(buffer.AsMemory(0, read), ct);
                size += read;
            }
        }
        catch (InvalidDataException e)
        {
            complaint = e.Message;
        }
        return (Convert.ToHexStringLower(sha.GetHashAndReset()), size, complaint);
    }
}
