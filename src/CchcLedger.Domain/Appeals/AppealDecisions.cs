using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;

namespace CchcLedger.Domain.Appeals;

/// <summary>The appeal life cycle: filed → withdrawn, or decided (upheld, partly upheld, rejected). Pure functions of (scorecard, round, command, now).</summary>
public static class AppealDecisions
{
    /// <summary>An appraisal council's size, bounded so that counting its votes can never overflow.</summary>
    public const int MaxMembers = 500;

    public static Decision File(Scorecard card, CriteriaRules rules, ResultsRound? round, FileAppeal command, DateTimeOffset now,
        IReadOnlyCollection<EvidenceUpload>? uploads = null)
    {
        if (round is null || round.Round == 0)
            return Refusal.Conflict("year", $"preliminary results for {card.Year} and block '{card.Block}' have not been issued: appeals open with them");
        if (round.Published)
            return Refusal.Conflict("year", $"the {card.Year} results of block '{card.Block}' are published (publication {round.LastPublication!.Number}, after round {round.Round}); appeals reopen only with a new preliminary round");
        if (!round.WindowOpenAt(now))
            return Refusal.Conflict("year", $"the appeal window of round {round.Round} closed at {round.WindowEnds:O}");
        if (ScorecardDecisions.FindLeaf(rules, command.Criterion) is not { } leaf) return ScorecardDecisions.UnknownLeaf(rules, command.Criterion);
        if (command.RequestedPoints is not { } requested) return Refusal.Invalid("requestedPoints", "is required: the points the agency asks for");

        var (low, high) = leaf.Method == LeafMethod.Penalty ? (-leaf.Max, 0m) : (0m, leaf.Max);
        if (Numbers.Check(requested, "requestedPoints", low, high, $"the range of leaf {leaf.Code}") is { } badRequest) return badRequest;
        var current = card.Leaf(leaf.Code).ToEntries().Final?.PointsFor(leaf, rules.Rounding) ?? 0m;
        if (requested == current) return Refusal.Invalid("requestedPoints", $"equals the leaf's current value ({current}); an appeal asks for a change");
        if (card.Appeals?.Values.FirstOrDefault(a => a.Criterion == leaf.Code && a.State == AppealStates.Open) is { } open)
            return Refusal.Conflict("criterion", $"appeal {open.Id} on leaf {leaf.Code} is still open");

        var (argument, argumentError) = Text.Clean(command.Argument, required: true, Text.LongMax);
        if (argumentError is not null) return Refusal.Invalid("argument", argumentError);
        var (evidence, badEvidence) = ScorecardDecisions.CleanEvidence(command.Evidence, card, uploads);
        if (badEvidence is not null) return badEvidence;

        var id = $"{card.Year}-{card.Agency}-{(card.Appeals?.Count ?? 0) + 1}";
        return Decision.Accept(new AppealFiled(id, leaf.Code, round.Round, current, requested, argument!, evidence));
    }

    public static Decision Withdraw(Scorecard card, string appealId, WithdrawAppeal command)
    {
        if (card.Appeal(appealId) is not { } appeal) return Refusal.NotFound("appealId", $"appeal '{appealId}' does not exist");
        if (appeal.State != AppealStates.Open)
            return Refusal.Conflict("appealId", $"appeal {appealId} is {appeal.State}: only an open appeal can be withdrawn");
        var (reason, reasonError) = Text.Clean(command.Reason, required: false, Text.LongMax);
        if (reasonError is not null) return Refusal.Invalid("reason", reasonError);
        return Decision.Accept(new AppealWithdrawn(appealId, reason));
    }

    public static Decision Decide(Scorecard card, string appealId, DecideAppeal command, IReadOnlyCollection<EvidenceUpload>? uploads = null)
    {
        if (card.Appeal(appealId) is not { } appeal) return Refusal.NotFound("appealId", $"appeal '{appealId}' does not exist");
        if (appeal.State != AppealStates.Open)
            return Refusal.Conflict("appealId", $"appeal {appealId} is {appeal.State}: it can no longer be decided");

        decimal? points;
        switch (command.Outcome)
        {
            case AppealOutcomes.Upheld:
                if (command.Points is { } p && p != appeal.RequestedPoints)
                    return Refusal.Invalid("points", $"an upheld appeal gets the requested {appeal.RequestedPoints}; a value in between is partlyUpheld");
                points = appeal.RequestedPoints;
                break;
            case AppealOutcomes.PartlyUpheld:
                if (command.Points is not { } partial) return Refusal.Invalid("points", "is required for a partly upheld appeal");
                var (low, high) = (Math.Min(appeal.CurrentPoints, appeal.RequestedPoints), Math.Max(appeal.CurrentPoints, appeal.RequestedPoints));
                if (partial <= low || partial >= high)
                    return Refusal.Invalid("points", $"must lie strictly between the value appealed against ({appeal.CurrentPoints}) and the value requested ({appeal.RequestedPoints})");
                if (Numbers.Check(partial, "points", low, high) is { } badPoints) return badPoints;
                points = partial;
                break;
            case AppealOutcomes.Rejected:
                if (command.Points is not null) return Refusal.Invalid("points", "a rejected appeal changes no points; leave points out");
                points = null;
                break;
            default:
                return Refusal.Invalid("outcome", $"must be {AppealOutcomes.Upheld}, {AppealOutcomes.PartlyUpheld} or {AppealOutcomes.Rejected}");
        }

        var (reason, reasonError) = Text.Clean(command.Reason, required: true, Text.LongMax);
        if (reasonError is not null) return Refusal.Invalid("reason", reasonError);
        var (decisionRef, refError) = Text.Clean(command.DecisionRef, required: true);
        if (refError is not null) return Refusal.Invalid("decisionRef", refError);
        if (command.MembersPresent is not { } present || present is < 1 or > MaxMembers)
            return Refusal.Invalid("membersPresent", $"is required: the council members present, 1 to {MaxMembers}");
        if (command.VotesFor is not { } votesFor || votesFor < 0 || votesFor > present)
            return Refusal.Invalid("votesFor", $"is required: between 0 and the {present} members present");
        if (command.VotesAgainst is not { } votesAgainst || votesAgainst < 0 || votesAgainst > present)
            return Refusal.Invalid("votesAgainst", $"is required: between 0 and the {present} members present");
        if (votesFor + votesAgainst > present)
            return Refusal.Invalid("votesAgainst", $"{votesFor} for and {votesAgainst} against is more votes than the {present} members present");
        if (votesFor * 2 <= present)
            return Refusal.Invalid("votesFor", $"{votesFor} of {present} members present is not a majority: the decision needs more than half");

        var (evidence, badEvidence) = ScorecardDecisions.CleanEvidence(command.Evidence, card, uploads);
        if (badEvidence is not null) return badEvidence;

        return Decision.Accept(new AppealDecided(appealId, appeal.Criterion, command.Outcome, points, reason!, decisionRef!, present, votesFor, votesAgainst,
            ScorecardDecisions.OrNull(evidence)));
    }
}
