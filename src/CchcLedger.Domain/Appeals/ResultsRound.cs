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
    LastPublication? LastPublication = null,
    bool ClosedEarly = false)
{
    public static string StreamKey(int year, string block) => $"round-{year}-{block}";

    /// <summary>A window closed early by decision is closed from the decision on, even at its own instant.</summary>
    public bool WindowOpenAt(DateTimeOffset now) => !ClosedEarly && now <= WindowEnds;

    /// <summary>The latest round's results are official: appeals reopen only with a new preliminary round.</summary>
    public bool Published => LastPublication is { } p && p.Round == Round;

    public static ResultsRound? Evolve(ResultsRound? state, object @event) => @event switch
    {
        PreliminaryResultsIssued e => new ResultsRound(StreamKey(e.Year, e.Block), e.Year, e.Block, e.Round, e.CriteriaSetId, e.IssuedAt, e.WindowEnds,
            state?.LastPublication),
        AppealWindowClosed e => state! with { WindowEnds = e.ClosedAt, ClosedEarly = true },
        RankingPublished e => (state ?? new ResultsRound(StreamKey(e.Year, e.Block), e.Year, e.Block, 0, null, null, null))
            with { LastPublication = new LastPublication(e.Number, e.Digest, e.Round) },
        _ => state,
    };
}

public sealed record IssuePreliminaryResults(DateTimeOffset? AppealWindowEnds = null, int? AppealWindowDays = null);

/// <summary>The council's decision to close the current round's appeal window now, before its scheduled end.</summary>
public sealed record CloseAppealWindow(string? Reason, string? DecisionRef);

public static class ResultsRoundDecisions
{
    public static Decision CloseWindow(ResultsRound? current, int year, string block, CloseAppealWindow command, DateTimeOffset now)
    {
        if (current is not { Round: > 0, WindowEnds: { } ends } round)
            return Refusal.Conflict("year", $"no preliminary results have been issued for {year} and block '{block}': there is no appeal window to close");
        if (round.Published) return Refusal.Conflict("year", $"the results of round {round.Round} are already published");
        if (!round.WindowOpenAt(now))
            return Refusal.Conflict("year", $"the appeal window of round {round.Round} is already closed (at {ends:O})");
        if (Agencies.AgencyDecisions.Why(command.Reason, command.DecisionRef) is { } refusal) return refusal;
        return Decision.Accept(new AppealWindowClosed(year, block, round.Round, now, ends,
            Text.Clean(command.Reason, true, Text.LongMax).Value!, Text.Clean(command.DecisionRef, true).Value!));
    }

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
