using System.Text.Json.Nodes;
using CchcLedger.Api.Rankings;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace CchcLedger.Api.Tests;

/// <summary>
/// Events written by an earlier version of the code, in their stored form (Fixtures/, written once and committed),
/// must load with the current code and regenerate their publications to the digests they were published with.
/// </summary>
public sealed class StoredEventsTests
{
    private static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Fixtures", "stored-events-2026-11.json");

    [Fact]
    public async Task events_stored_in_november_2026_load_and_regenerate_their_publications_identically()
    {
        var connection = await TestDatabase.FreshDatabaseAsync("cchc_stored_events");
        using var store = DocumentStore.For(opts => LedgerStore.Configure(opts, connection, TimeProvider.System));
        await LedgerStore.MigrateAsync(store, grantAppRole: false);
        var events = JsonNode.Parse(await File.ReadAllTextAsync(FixturePath))!["events"]!.AsArray();
        await InsertAsIsAsync(connection, events);

        await using var session = store.QuerySession();
        var loaded = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(events.Count, loaded.Count);
        Assert.All(loaded, e => Assert.StartsWith("CchcLedger.Domain.", e.Data.GetType().FullName));

        var publications = await Publications.AllAsync(session);
        Assert.Equal([1, 2], publications.Select(p => p.Number));
        foreach (var publication in publications)
        {
            Assert.Equal(publication.Digest, PublicationDigest.Of(publication));
            var regenerated = await Regeneration.RegenerateAsync(session, publication);
            Assert.True(regenerated.Identical, string.Join("; ", regenerated.Differences));
            Assert.Equal(publication.Digest, regenerated.Digest);
        }
        Assert.Equal(("UBND huyện Hữu Lũng", "UBND huyện Hữu Lũng (mới)"),
            (publications[0].Entries.Single(e => e.Agency == "huu-lung").Name, publications[1].Entries.Single(e => e.Agency == "huu-lung").Name));

        // The streams still fold with today's domain: the merger, the appeals and their outcomes.
        var trangDinh = (await session.Events.FetchStreamAsync(Agency.StreamKey("trang-dinh"))).Aggregate((Agency?)null, (a, e) => Agency.Evolve(a, e.Data))!;
        Assert.Equal("van-quan", trangDinh.MergedInto);
        var huuLung = (await session.Events.FetchStreamAsync(Scorecard.StreamKey(2017, "huu-lung"))).Aggregate((Scorecard?)null, (c, e) => Scorecard.Evolve(c, e.Data))!;
        Assert.Equal(("partlyUpheld", 17m), (huuLung.Appeals!.Values.Single().State, huuLung.Leaf("1.1").ToEntries().Final!.Points!.Value));
    }

    /// <summary>Rows as they were stored, including sequence numbers, instants and metadata; no code of today's writes them.</summary>
    private static async Task InsertAsIsAsync(string connectionString, JsonArray events)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // Stored rows are restored as they are, not appended anew: the seal (which refuses instants ahead of today's
        // clock, as some of these test-clock instants are) does not run for a restore.
        await using (var replica = new NpgsqlCommand("set local session_replication_role = replica", conn, tx)) await replica.ExecuteNonQueryAsync();
        foreach (var stream in events.GroupBy(e => e!["stream"]!.GetValue<string>()))
        {
            await using var cmd = new NpgsqlCommand(
                "insert into cchc.mt_streams (id, version, timestamp, created) values (@id, @version, @last, @first)", conn, tx);
            cmd.Parameters.AddWithValue("id", stream.Key);
            cmd.Parameters.AddWithValue("version", stream.Max(e => e!["version"]!.GetValue<long>()));
            cmd.Parameters.AddWithValue("last", DateTimeOffset.Parse(stream.Last()!["timestamp"]!.GetValue<string>()));
            cmd.Parameters.AddWithValue("first", DateTimeOffset.Parse(stream.First()!["timestamp"]!.GetValue<string>()));
            await cmd.ExecuteNonQueryAsync();
        }
        foreach (var e in events)
        {
            await using var cmd = new NpgsqlCommand(
                "insert into cchc.mt_events (seq_id, id, stream_id, version, type, mt_dotnet_type, timestamp, data, headers, user_name, correlation_id, causation_id) " +
                "values (@seq, @id, @stream, @version, @type, @dotnet, @timestamp, @data, @headers, @user, @correlation, @causation)", conn, tx);
            cmd.Parameters.AddWithValue("seq", e!["seq"]!.GetValue<long>());
            cmd.Parameters.AddWithValue("id", Guid.Parse(e["id"]!.GetValue<string>()));
            cmd.Parameters.AddWithValue("stream", e["stream"]!.GetValue<string>());
            cmd.Parameters.AddWithValue("version", e["version"]!.GetValue<long>());
            cmd.Parameters.AddWithValue("type", e["type"]!.GetValue<string>());
            cmd.Parameters.AddWithValue("dotnet", (object?)e["dotnetType"]?.GetValue<string>() ?? DBNull.Value);
            cmd.Parameters.AddWithValue("timestamp", DateTimeOffset.Parse(e["timestamp"]!.GetValue<string>()));
            cmd.Parameters.AddWithValue("data", NpgsqlDbType.Jsonb, e["data"]!.ToJsonString());
            cmd.Parameters.AddWithValue("headers", NpgsqlDbType.Jsonb, (object?)e["headers"]?.ToJsonString() ?? DBNull.Value);
            cmd.Parameters.AddWithValue("user", (object?)e["userName"]?.GetValue<string>() ?? DBNull.Value);
            cmd.Parameters.AddWithValue("correlation", (object?)e["correlationId"]?.GetValue<string>() ?? DBNull.Value);
            cmd.Parameters.AddWithValue("causation", (object?)e["causationId"]?.GetValue<string>() ?? DBNull.Value);
            await cmd.ExecuteNonQueryAsync();
        }
        await using (var cmd = new NpgsqlCommand("select setval('cchc.mt_events_sequence', (select max(seq_id) from cchc.mt_events))", conn, tx))
            await cmd.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }
}
