using CchcLedger.Domain.Integrity;
using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Publications;

public sealed record PublishRanking(string? DecisionRef);

/// <summary>What a ranking is published from: the block's ranking now, under the adopted set's current rules version.</summary>
/// <param name="Streams">Every stream the ranking derives from with its last version at the cut: committed in the digest (format 2).</param>
public sealed record RankingToPublish(SetRef CriteriaSet, IReadOnlyList<RankedEntry> Entries, IReadOnlyList<string> OpenAppeals, IReadOnlyList<StreamVersion>? Streams = null);

public static class PublicationDecisions
{
    /// <param name="results">The year and block's results stream: its preliminary rounds and earlier publications.</param>
    /// <param name="ranking">Null when no criteria set is adopted for the year and block.</param>
    /// <param name="publishedAt">The publication's recorded instant (the database's clock); <paramref name="throughSequence"/> the last event before it.</param>
    /// <param name="now">The application's time, which decides whether the appeal window is still open; default: <paramref name="publishedAt"/>.</param>
    public static Decision Publish(ResultsRound? results, int year, string block, RankingToPublish? ranking, PublishRanking command,
        DateTimeOffset publishedAt, long throughSequence, DateTimeOffset? now = null)
    {
        var (decisionRef, refError) = Text.Clean(command.DecisionRef, required: true);
        if (refError is not null) return Refusal.Invalid("decisionRef", refError);
        if (ranking is null) return Refusal.Conflict("year", $"no criteria set is adopted for {year} and block '{block}'");
        if (ranking.Entries.Count == 0) return Refusal.Conflict("block", $"block '{block}' has no scorecards for {year}: there is nothing to publish");
        if (results?.WindowEnds is { } ends && results.WindowOpenAt(now ?? publishedAt))
            return Refusal.Conflict("block", $"the appeal window of round {results.Round} is open until {ends:O}; publish after it closes");
        if (ranking.OpenAppeals.Count > 0)
            return Refusal.Conflict("block", $"appeals {string.Join(", ", ranking.OpenAppeals)} are still open; the council decides them first");

        var previous = results?.LastPublication is { } last ? new PreviousPublication(last.Number, last.Digest) : null;
        var number = (previous?.Number ?? 0) + 1;
        var round = results?.Round ?? 0;
        var streams = ranking.Streams?.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var digest = PublicationDigest.Of(PublicationDigest.Canonical(year, block, number, round, previous, ranking.CriteriaSet, publishedAt,
            throughSequence, decisionRef!, ranking.Entries, streams));
        return Decision.Accept(new RankingPublished(year, block, number, round, previous, ranking.CriteriaSet, publishedAt, throughSequence,
            decisionRef!, ranking.Entries, digest, streams is null ? null : PublicationDigest.Format2, streams));
    }
}

/// <summary>Where a recomputed ranking departs from a published one: an agency's field, or an agency only one side has.</summary>
public sealed record RankingDifference(string Agency, string Field, object? Published, object? Regenerated);

public static class RankingComparison
{
    public static IReadOnlyList<RankingDifference> Compare(IReadOnlyList<RankedEntry> published, IReadOnlyList<RankedEntry> regenerated)
    {
        var before = published.ToDictionary(e => e.Agency);
        var after = regenerated.ToDictionary(e => e.Agency);
        var differences = new List<RankingDifference>();
        foreach (var p in published)
        {
            if (!after.TryGetValue(p.Agency, out var r)) { differences.Add(new(p.Agency, "entry", p, null)); continue; }
            if (p.Rank != r.Rank) differences.Add(new(p.Agency, "rank", p.Rank, r.Rank));
            if (p.Name != r.Name) differences.Add(new(p.Agency, "name", p.Name, r.Name));
            if (p.Total != r.Total) differences.Add(new(p.Agency, "total", p.Total, r.Total));
            if (p.Index != r.Index) differences.Add(new(p.Agency, "index", p.Index, r.Index));
            if (p.Classification != r.Classification) differences.Add(new(p.Agency, "classification", p.Classification, r.Classification));
        }
        differences.AddRange(regenerated.Where(r => !before.ContainsKey(r.Agency)).Select(r => new RankingDifference(r.Agency, "entry", null, r)));
        return differences;
    }
}
