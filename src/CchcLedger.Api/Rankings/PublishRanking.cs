using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Publications;
using CchcLedger.Projections;
using Marten;
using Wolverine.Http;

namespace CchcLedger.Api.Rankings;

public static class PublishRankingEndpoint
{
    /// <summary>Makes the block's ranking of the year official, frozen with its rules version, its instant and its digest.</summary>
    [WolverinePost("/api/years/{year}/rankings/{block}/publications")]
    public static async Task<IResult> Post(int year, string block, PublishRanking command, IDocumentSession session, TimeProvider clock, CheckpointSigner signer)
    {
        if (!Blocks.IsKnown(block)) return Problems.Make(404, "Not found", "block", $"'{block}' is not a block; blocks are {Blocks.Describe()}");
        var (published, refusal) = await PublishAsync(session, clock, year, block, command);
        if (refusal is not null) return Problems.For(refusal);
        // Every publication is followed by a signed checkpoint of the chain that holds it.
        await signer.CheckpointAsync(session.DocumentStore, clock);
        return Results.Created($"/api/years/{year}/rankings/{block}/publications/{published!.Number}", published);
    }

    public static async Task<(RankingPublished? Publication, Refusal? Refusal)> PublishAsync(IDocumentSession session, TimeProvider clock,
        int year, string block, PublishRanking command, CancellationToken ct = default)
    {
        // The clock is held first: no other commit lands between reading the ranking and recording its publication,
        // so the ranking is exactly that of every event up to the last sequence read here.
        var (publishedAt, throughSequence) = await LedgerClock.HoldAsync(session, clock, ct);
        var results = await session.Events.FetchForWriting<ResultsRound>(ResultsRound.StreamKey(year, block), ct);
        var ranking = await BlockRanking.LoadAsync(session, year, block, null, ct);
        var openAppeals = await session.Query<AppealView>()
            .Where(a => a.Year == year && a.Block == block && a.State == AppealStates.Open)
            .Select(a => a.Id)
            .ToListAsync(ct);
        var toPublish = ranking is null ? null : new RankingToPublish(ranking.CriteriaSet, ranking.Entries, openAppeals.Order(StringComparer.Ordinal).ToList());

        var decision = PublicationDecisions.Publish(results.Aggregate, year, block, toPublish, command, publishedAt, throughSequence);
        if (decision.Refusal is { } refusal) return (null, refusal);
        results.AppendMany(decision.Events.ToArray());
        await session.SaveChangesAsync(ct);
        return ((RankingPublished)decision.Events.Single(), null);
    }
}
