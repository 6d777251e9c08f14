using System.Security.Cryptography;
using CchcLedger.Api.Evidence;
using CchcLedger.Projections;
using Marten;

namespace CchcLedger.Api.Tests;

/// <summary>
/// The one contract of an evidence store, run against both: the ledger's PostgreSQL (a database of its own) and a real
/// S3-compatible server (s3rver, started by the tests). Within the ledger collection: the test cluster outlives it.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class EvidenceStoreTests
{
    public static TheoryData<string> Stores => new() { "postgres", "s3" };

    /// <summary>An empty store: a database of its own for each test (<paramref name="test"/>), or a prefix of its own in the bucket.</summary>
    private static async Task<IEvidenceStore> StoreAsync(string kind, int test)
    {
        if (kind == "s3") return new S3EvidenceStore((await S3rver.SharedAsync()).Settings($"contract-{Guid.NewGuid():N}/"));
        var connection = await TestDatabase.FreshDatabaseAsync($"cchc_evidence_store_{test}");
        using (var store = DocumentStore.For(opts => LedgerStore.Configure(opts, connection, TimeProvider.System)))
            await LedgerStore.MigrateAsync(store, grantAppRole: false);
        return new PostgresEvidenceStore(connection);
    }

    private static (string Sha256, byte[] Bytes) File(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        return (Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes);
    }

    private static async Task<byte[]> ReadAll(Stream stream)
    {
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task a_file_is_stored_once_under_its_hash_and_read_back_whole(string kind)
    {
        var store = await StoreAsync(kind, 1);
        // Larger than a PostgreSQL chunk, and not a multiple of it.
        var (sha, bytes) = File(PostgresEvidenceStore.ChunkBytes * 2 + 12345);
        Assert.False(await store.ExistsAsync(sha, default));
        Assert.Null(await store.OpenAsync(sha, default));

        Assert.True(await store.PutIfAbsentAsync(sha, new MemoryStream(bytes), default));
        Assert.False(await store.PutIfAbsentAsync(sha, new MemoryStream(bytes), default));
        Assert.True(await store.ExistsAsync(sha, default));
        await using (var stored = await store.OpenAsync(sha, default))
        {
            Assert.Equal(bytes.Length, stored!.Length);
            Assert.Equal(bytes, await ReadAll(stored));
        }

        var (other, small) = File(10);
        Assert.True(await store.PutIfAbsentAsync(other, new MemoryStream(small), default));
        var listed = new List<StoredEvidence>();
        await foreach (var file in store.EnumerateAsync(default)) listed.Add(file);
        Assert.Equal(new[] { new StoredEvidence(sha, bytes.Length), new StoredEvidence(other, 10) }.OrderBy(f => f.Sha256, StringComparer.Ordinal),
            listed.OrderBy(f => f.Sha256, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task content_that_does_not_hash_to_its_name_is_refused_and_nothing_is_stored(string kind)
    {
        var store = await StoreAsync(kind, 2);
        var (sha, _) = File(5000);
        var (_, other) = File(5000);
        await Assert.ThrowsAsync<InvalidDataException>(() => store.PutIfAbsentAsync(sha, new MemoryStream(other), default));
        Assert.False(await store.ExistsAsync(sha, default));
        await foreach (var _ in store.EnumerateAsync(default)) Assert.Fail("a refused file was stored");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task the_same_file_stored_by_many_writers_at_once_is_stored_once(string kind)
    {
        var store = await StoreAsync(kind, 3);
        var (sha, bytes) = File(300_000);
        var stored = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.PutIfAbsentAsync(sha, new MemoryStream(bytes), default))));
        if (kind == "postgres") Assert.Equal(1, stored.Count(s => s)); // the advisory lock makes one writer the writer
        else Assert.Contains(true, stored);                              // s3rver ignores If-None-Match: the same bytes, rewritten
        await using var read = await store.OpenAsync(sha, default);
        Assert.Equal(bytes, await ReadAll(read!));
    }
}
