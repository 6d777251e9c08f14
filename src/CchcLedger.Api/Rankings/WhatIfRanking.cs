using CchcLedger.Api.Criteria;
using CchcLedger.Domain;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;
using Marten;

namespace CchcLedger.Api.Rankings;

/// <summary>
/// A year's scores recomputed under another rules version, beside the official ranking: never official, and
/// marked so. Leaves are matched by code; those without a counterpart, or whose values the other method cannot
/// score, are listed in <see cref="Unmatched"/>.
/// </summary>
public sealed record WhatIfRanking(
    bool Official,
    string Notice,
    int Year,
    string Block,
    SetRef Rules,
    SetRef OfficialRules,
    IReadOnlyList<WhatIfEntry> Entries,
    IReadOnlyList<ClassCount> Classes,
    IReadOnlyList<UnmatchedLeaf> Unmatched)
{
    public static async Task<(WhatIfRanking? Ranking, Refusal? Refusal)> LoadAsync(IQuerySession session, int year, string block, string rules, CancellationToken ct = default)
    {
        if (SetRef.Parse(rules) is null)
            return (null, Refusal.Invalid("rules", "must be {setId}@{version} (or a set id for its latest version), such as 2018-districts@2"));
        var other = await CriteriaSetDetail.ResolveAsync(session, rules, ct);
        if (other is null) return (null, Refusal.NotFound("rules", $"'{rules}' is not a criteria set version in the ledger"));
        var official = await session.AdoptedSetAsync(year, block);
        if (official is null) return (null, Refusal.NotFound("year", $"no criteria set is adopted for {year} and block '{block}'"));

        var cards = await BlockRanking.CardsAsync(session, year, block, official, ct);
        var result = WhatIf.Compute(official.Rules, other.Rules, cards.Select(x => new WhatIfCard(x.Card.Agency, x.Name, x.Card.Entries())).ToList());

        var rulesRef = new SetRef(other.SetId, other.RulesVersion);
        var classes = other.Rules.ClassBands.OrderByDescending(b => b.Min)
            .Select(b => new ClassCount(b.Label, result.Entries.Count(e => e.Classification == b.Label)))
            .ToList();
        var notice = $"Không chính thức — điểm năm {year} tính lại theo bộ tiêu chí {rulesRef}, chỉ để so sánh. " +
                     $"Not official: {year}'s entries scored under {rulesRef}; the official ranking is under {official.SetId}@{official.RulesVersion}.";
        return (new WhatIfRanking(false, notice, year, block, rulesRef, new SetRef(official.SetId, official.RulesVersion), result.Entries, classes, result.Unmatched), null);
    }
}
