using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Publications;

namespace CchcLedger.Domain.Appeals;

/// <summary>The latest publication of a year and block, and the preliminary round it closed (0: none had been issued).</summary>
public sealed record LastPublication(int Number, string Digest, int Round);

/// <summary>
/// The results of a year and block: the latest preliminary round (<see cref="Round"/> 0 before the first) and the
/// latest publication. <see cref="Id"/> is its stream key.
/// </summary>
public sealed record ResultsRound(
    string Id,
    int Year,
    string Block,
    int Round,
    string? CriteriaSetId,
    DateTimeOffset? IssuedAt,
    DateTimeOffset? WindowEnds,
    LastPublication? LastPublication = null)
{
    public static string StreamKey(int year, string block) => $"round-{year}-{block}";

    public bool WindowOpenAt(DateTimeOffset now) => now <= WindowEnds;

    /// <summary>The latest round's results are official: appeals reopen only with a new preliminary round.</summary>
    public bool Published => LastPublication is { } p && p.Round == Round;

    public static ResultsRound? Evolve(ResultsRound? state, object @event) => @event switch
    {
        PreliminaryResultsIssued e => new ResultsRound(StreamKey(e.Year, e.Block), e.Year, e.Block, e.Round, e.CriteriaSetId, e.IssuedAt, e.WindowEnds,
            state?.LastPublication),
        RankingPublished e => (state ?? new ResultsRound(StreamKey(e.Year, e.Block), e.Year, e.Block, 0, null, null, null))
            with { LastPublication = new LastPublication(e.Number, e.Digest, e.Round) },
        _ => state,
    };
}

public sealed record IssuePreliminaryResults(DateTimeOffset? AppealWindowEnds = null, int? AppealWindowDays = null);

public static class ResultsRoundDecisions
{
    public const int MaxWindowDays = 90;

    public static Decision IssuePreliminary(ResultsRound? current, int year, string block, CriteriaSet? adopted, IssuePreliminaryResults command, DateTimeOffset now)
    {
        if (adopted is null) return Refusal.Conflict("year", $"no criteria set is adopted for {year} and block '{block}'");
        DateTimeOffset ends;
        switch (command)
        {
            case { AppealWindowEnds: not null, AppealWindowDays: not null }:
                return Refusal.Invalid("appealWindowDays", "give either appealWindowEnds or appealWindowDays, not both");
            case { AppealWindowEnds: { } at }:
                if (at <= now) return Refusal.Invalid("appealWindowEnds", $"must be after now ({now:O})");
                if (at > now.AddDays(MaxWindowDays)) return Refusal.Invalid("appealWindowEnds", $"must be within {MaxWindowDays} days");
                ends = at;
                break;
            case { AppealWindowDays: { } days }:
                if (days is < 1 or > MaxWindowDays) return Refusal.Invalid("appealWindowDays", $"must be between 1 and {MaxWindowDays}");
                ends = now.AddDays(days);
                break;
            default:
                return Refusal.Invalid("appealWindowEnds", "is required (or appealWindowDays): when the appeal window closes");
        }
        return Decision.Accept(new PreliminaryResultsIssued(year, block, (current?.Round ?? 0) + 1, adopted.SetId, now, ends));
    }
}
