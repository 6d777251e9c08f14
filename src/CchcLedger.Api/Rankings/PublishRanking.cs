using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scoring;
using CchcLedger.Projections;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace CchcLedger.Api.Rankings;

public static class PublishRankingEndpoint
{
    /// <summary>Makes the block's ranking of the year official, frozen with its rules version, its instant, its streams and its digest.</summary>
    [Api("Công bố kết quả xếp hạng", "Publish the ranking")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Domain.Publications.RankingPublished>(201)]
    [Refuses(400, 404, 409, 500)]
    [WolverinePost("/api/years/{year}/rankings/{block}/publications")]
    public static async Task<IResult> Post(int year, string block, PublishRanking command, IDocumentSession session, TimeProvider clock, CheckpointSigner signer,
        StreamFolds folds, ILogger<PublishRanking> log)
    {
        if ((await session.BlocksAsync()).RefuseUnlessDefined("block", block) is { } badBlock) return Problems.For(badBlock);
        try
        {
            var (published, refusal) = await PublishAsync(session, clock, year, block, command, folds);
            if (refusal is not null) return Problems.For(refusal);
            // Every publication is followed by a signed checkpoint of the chain that holds it (or, if that fails, by the next periodic one).
            await signer.CheckpointAfterAsync(session.DocumentStore, $"Publication {published!.Number} of {year} {block}", log);
            return Results.Created($"/api/years/{year}/rankings/{block}/publications/{published!.Number}", published);
        }
        catch (ProjectionDivergence divergence)
        {
            log.LogError("Publication of {Year} {Block} refused: {Divergence}", year, block, divergence.Message);
            return Problems.Make(StatusCodes.Status500InternalServerError, "The ranking served differs from the events", "block", divergence.Message);
        }
    }

    /// <exception cref="ProjectionDivergence">The ranking from the projections is not the one the raw events give: nothing is published.</exception>
    public static async Task<(RankingPublished? Publication, Refusal? Refusal)> PublishAsync(IDocumentSession session, TimeProvider clock,
        int year, string block, PublishRanking command, StreamFolds? folds = null, CancellationToken ct = default)
    {
        // The clock is held first: no other commit lands between reading the ranking and recording its publication,
        // so the ranking is exactly that of every event up to the last sequence read here.
        var (publishedAt, throughSequence) = await LedgerClock.HoldAsync(session, ct);
        var results = await session.Events.FetchForWriting<ResultsRound>(ResultsRound.StreamKey(year, block), ct);
        // The raw events are read on a connection of their own while the documents are read on the session's: the clock
        // this session holds keeps every other commit out, so both see the ledger at the same cut.
        var set = await session.AdoptedSetAsync(year, block);
        var reading = set is null ? null : Task.Run(async () =>
        {
            await using var conn = new NpgsqlConnection(session.DocumentStore.Options.Tenancy.Default.Database.CreateConnection().ConnectionString);
            await conn.OpenAsync(ct);
            return await PublicationSources.LoadAsync(conn, year, block, new Domain.Criteria.SetRef(set.SetId, set.RulesVersion), throughSequence, folds, ct);
        }, ct);
        var ranking = await BlockRanking.LoadAsync(session, year, block, null, ct);
        var openAppeals = await session.Query<AppealView>()
            .Where(a => a.Year == year && a.Block == block && a.State == AppealStates.Open)
            .Select(a => a.Id)
            .ToListAsync(ct);

        RankingToPublish? toPublish = null;
        if (ranking is not null && reading is not null)
        {
            // What is published comes from the events: the ranking is computed again from the raw events of every stream
            // it derives from, and a projection that disagrees stops the publication instead of being signed.
            var sources = await reading;
            var fromEvents = sources.Rules is null ? [] : Ranking.Rank(sources.Cards.Select(c => new RankingCandidate(c.Agency,
                sources.Agencies.TryGetValue(c.Agency, out var a) ? a.Name : c.Agency, ScoreSheet.Score(sources.Rules, c.Entries()).Summary())), sources.Rules.TieRule);
            if (RankingComparison.Compare(fromEvents, ranking.Entries) is { Count: > 0 } differences)
                throw new ProjectionDivergence($"the projections give a ranking that the events do not: {string.Join("; ", differences.Take(5).Select(d =>
                    $"{d.Agency} {d.Field}: events {d.Published}, projection {d.Regenerated}"))}; run cchc verify, which audits every projection");
            toPublish = new RankingToPublish(ranking.CriteriaSet, fromEvents, openAppeals.Order(StringComparer.Ordinal).ToList(), sources.Streams);
        }

        var decision = PublicationDecisions.Publish(results.Aggregate, year, block, toPublish, command, publishedAt, throughSequence, clock.GetUtcNow());
        if (decision.Refusal is { } refusal) return (null, refusal);
        results.AppendMany(decision.Events.ToArray());
        await session.SaveChangesAsync(ct);
        return ((RankingPublished)decision.Events.Single(), null);
    }
}

/// <summary>A projection (a document served to readers) that is not what the events give.</summary>
public sealed class ProjectionDivergence(string message) : Exception(message);
