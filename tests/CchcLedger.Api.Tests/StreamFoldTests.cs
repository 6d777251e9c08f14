using System.Text.Json;
using CchcLedger.Api.Demo;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;
using CchcLedger.Projections;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CchcLedger.Api.Tests;

/// <summary>
/// Publishing keeps each stream folded by its version and reads only the events after it the next time. Whatever the
/// folds hold, the reading must be the one every event read again gives: after new events, after a fold that is not
/// this database's (a restore, a database recreated under the same name), and for a cut before the fold.
/// </summary>
public sealed class StreamFoldTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly SetRef Set2017 = new("2017-districts", 1);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DemoLoader.LoadAsync(Store, DemoData.Read(DemoData.DefaultPath()));
    }

    [Fact]
    public async Task a_reading_from_kept_folds_is_the_reading_of_every_event_after_new_events_a_foreign_fold_and_an_earlier_cut()
    {
        await using var conn = new NpgsqlConnection(Store.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
        await conn.OpenAsync();
        var folds = new StreamFolds();
        Task<PublicationSources> Read(long through, StreamFolds? with) => PublicationSources.LoadAsync(conn, 2017, "districts", Set2017, through, with);

        var first = await Read(long.MaxValue, folds);
        Assert.Equal(Describe(await Read(long.MaxValue, null)), Describe(first));
        Assert.Equal(first.Streams.Count, folds.Count);
        Assert.Equal(23, first.Streams.Count); // 11 scorecards, their 11 agencies, the criteria set
        var cut = await LastSequence(conn);

        // New events on two of the streams: the kept folds take them on top.
        await Post("/api/agencies/huu-lung/renaming", new { name = "UBND huyện Hữu Lũng (đổi tên thử)", reason = "Kiểm thử", decisionRef = "QĐ 1/TEST" });
        await using (var session = Store.LightweightSession())
        {
            session.Events.Append("scorecard-2017-huu-lung", new PointsAdjusted("3.1.2", LeafValue.OfPoints(2), "Kiểm thử", "QĐ 2/TEST"));
            await session.SaveChangesAsync();
        }
        var second = await Read(long.MaxValue, folds);
        Assert.Equal(Describe(await Read(long.MaxValue, null)), Describe(second));
        Assert.NotEqual(Describe(first), Describe(second));
        Assert.Equal("UBND huyện Hữu Lũng (đổi tên thử)", second.Agencies["huu-lung"].Name);

        // A fold of another database under the same stream name: its last event is not the row at its version here.
        var database = $"{conn.Host}:{conn.Port}/{conn.Database}";
        var kept = folds.For(database, "scorecard-2017-huu-lung", long.MaxValue)!;
        folds.Forget(database, "scorecard-2017-huu-lung");
        folds.Keep(database, "scorecard-2017-huu-lung", kept with { LastEventId = Guid.NewGuid(), State = null });
        Assert.Equal(Describe(second), Describe(await Read(long.MaxValue, folds)));
        Assert.Equal(kept.LastEventId, folds.For(database, "scorecard-2017-huu-lung", long.MaxValue)!.LastEventId);

        // A cut before the folds: they are not used, and are kept as they were.
        Assert.Equal(Describe(first), Describe(await Read(cut, folds)));
        Assert.Equal(kept.Version, folds.For(database, "scorecard-2017-huu-lung", long.MaxValue)!.Version);
    }

    [Fact]
    public async Task publishing_again_after_new_events_publishes_what_the_raw_events_regenerate()
    {
        await Post("/api/agencies/huu-lung/renaming", new { name = "UBND huyện Hữu Lũng mới", reason = "Kiểm thử", decisionRef = "QĐ 3/TEST" });
        // The first publication folds the block's streams in the host; the second reads only the events since.
        var second = await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 4/TEST" }, 201);
        await Post("/api/agencies/huu-lung/renaming", new { name = "UBND huyện Hữu Lũng", reason = "Kiểm thử", decisionRef = "QĐ 5/TEST" });
        var third = await Post("/api/years/2017/rankings/districts/publications", new { decisionRef = "QĐ 6/TEST" }, 201);
        Assert.Contains(second["entries"]!.AsArray(), e => e!["name"]!.GetValue<string>() == "UBND huyện Hữu Lũng mới");
        Assert.Contains(third["entries"]!.AsArray(), e => e!["name"]!.GetValue<string>() == "UBND huyện Hữu Lũng");
        Assert.True(Host.Services.GetRequiredService<StreamFolds>().Count >= 23);
        foreach (var number in new[] { second["number"]!.GetValue<int>(), third["number"]!.GetValue<int>() })
            Assert.True((await Get($"/api/years/2017/rankings/districts/publications/{number}/regeneration"))["identical"]!.GetValue<bool>(), $"publication {number}");
    }

    /// <summary>Everything a publication takes from the reading: the streams and versions, and the ranking with names.</summary>
    private static string Describe(PublicationSources sources) => JsonSerializer.Serialize(new
    {
        sources.Streams,
        Ranking = Ranking.Rank(sources.Cards.Select(c => new RankingCandidate(c.Agency, sources.Agencies[c.Agency].Name,
            ScoreSheet.Score(sources.Rules!, c.Entries()).Summary())), sources.Rules!.TieRule),
    });

    private static async Task<long> LastSequence(NpgsqlConnection conn)
    {
        await using var cmd = new NpgsqlCommand("select max(seq_id) from cchc.mt_events", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
