using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Publications;

/// <summary>A publication recomputed: the entries, their digest, and how they compare with what was published.</summary>
public sealed record RecomputedRanking(IReadOnlyList<RankedEntry> Entries, string Digest, bool Identical, bool PublishedDigestValid, IReadOnlyList<RankingDifference> Differences);

/// <summary>
/// Recomputes a publication from the facts it derives from, however they were obtained (the database's raw events,
/// or a bundle on a disk): the scorecards of its block under its set, scored under the pinned rules, ranked, with
/// the agencies' names then; digested with the publication's own header.
/// </summary>
public static class PublicationCheck
{
    public static RecomputedRanking Recompute(RankingPublished publication, CriteriaRules? rules, IEnumerable<Scorecard> cards, IReadOnlyDictionary<string, Agency> agencies)
    {
        var entries = rules is null
            ? []
            : Ranking.Rank(cards
                .Where(c => c.Block == publication.Block && c.CriteriaSetId == publication.CriteriaSet.Id)
                .Select(c => new RankingCandidate(c.Agency, agencies.TryGetValue(c.Agency, out var a) ? a.Name : c.Agency, ScoreSheet.Score(rules, c.Entries()).Summary())),
                rules.TieRule);
        var digest = PublicationDigest.Of(publication with { Entries = entries });
        var differences = RankingComparison.Compare(publication.Entries, entries).ToList();
        if (rules is null) differences.Insert(0, new("", "criteriaSet", publication.CriteriaSet.ToString(), "no such rules version"));
        // Identical: the recomputed ranking hashes to the published digest, and the stored entries still are what was hashed.
        var storedValid = PublicationDigest.Of(publication) == publication.Digest;
        return new RecomputedRanking(entries, digest, digest == publication.Digest && storedValid && differences.Count == 0, storedValid, differences);
    }
}
