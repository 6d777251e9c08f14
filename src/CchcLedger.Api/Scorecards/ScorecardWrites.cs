using CchcLedger.Api.Hosting;
using CchcLedger.Domain;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using Marten;

namespace CchcLedger.Api.Scorecards;

public delegate Decision ScorecardStep(Scorecard card, CriteriaRules rules);

/// <summary>
/// The one path by which anything is written to a scorecard, for the endpoints and the demo alike: load the card
/// (opening it against the adopted set of the agency's block on first write), run the pure decisions in order,
/// append their events. A refusal anywhere writes nothing.
/// </summary>
public static class ScorecardWrites
{
    /// <param name="Version">The scorecard's stream version after the write (its ETag).</param>
    /// <param name="Refusals">With <c>itemized</c>: every step's refusal, each naming its item (<c>items[17].points</c>); <see cref="Refusal"/> is the first.</param>
    public sealed record Outcome(Scorecard? Card, CriteriaSet? Set, Agency? Agency, Refusal? Refusal, long Version = 0, IReadOnlyList<Refusal>? Refusals = null);

    /// <param name="openIfMissing">False for commands that need an existing scorecard (appeals): a missing one is a 404.</param>
    /// <param name="expectedVersion">From <c>If-Match</c>: the version the writer saw; another one refuses the write (412).</param>
    public static async Task<Outcome> ApplyAsync(IDocumentSession session, int year, string agencyCode, IEnumerable<ScorecardStep> steps, bool openIfMissing = true,
        long? expectedVersion = null)
    {
        var outcome = await PrepareAsync(session, year, agencyCode, steps, openIfMissing, expectedVersion);
        if (outcome.Refusal is null) await session.SaveChangesAsync();
        return outcome;
    }

    /// <summary>
    /// Decides and appends to <paramref name="session"/> without saving it, so that several scorecards (a whole block, an
    /// import) land in one commit or none does. With <paramref name="itemized"/>, every step is tried (a refused one leaves
    /// the card as it was) and each refusal names its item, so that a batch reports all its problems at once.
    /// </summary>
    public static async Task<Outcome> PrepareAsync(IDocumentSession session, int year, string agencyCode, IEnumerable<ScorecardStep> steps, bool openIfMissing = true,
        long? expectedVersion = null, Func<int, Refusal, Refusal>? itemized = null)
    {
        if (CriteriaSetDecisions.CheckYear(year) is { } badYear) return new(null, null, null, badYear);
        var agency = await session.AgencyAsync(agencyCode);
        if (agency is null) return new(null, null, null, Refusal.NotFound("agency", $"agency '{agencyCode}' is not registered"));

        var stream = await session.Events.FetchForWriting<Scorecard>(Scorecard.StreamKey(year, agencyCode));
        if (Versions.Check(expectedVersion, stream.CurrentVersion ?? 0, $"the {year} scorecard of '{agencyCode}'") is { } stale) return new(null, null, agency, stale);
        var card = stream.Aggregate;
        var pending = new List<object>();
        CriteriaSet? set;
        if (card is null && !openIfMissing)
            return new(null, null, agency, Refusal.NotFound("agency", $"agency '{agencyCode}' has no scorecard for {year}"));
        if (card is null)
        {
            if (!agency.Active) return new(null, null, agency, Refusal.Conflict("agency", $"agency '{agencyCode}' is dissolved"));
            set = await session.AdoptedSetAsync(year, agency.Block);
            if (set is null)
                return new(null, null, agency, Refusal.Conflict("year", $"no criteria set is adopted for {year} and block '{agency.Block}': adopt one first"));
            var opened = ScorecardDecisions.Open(year, agencyCode, set);
            pending.Add(opened);
            card = Scorecard.Evolve(null, opened)!;
        }
        else set = await session.CriteriaSetAsync(card.CriteriaSetId);

        var refusals = new List<Refusal>();
        var index = 0;
        foreach (var step in steps)
        {
            var decision = step(card, set!.Rules);
            if (decision.Refusal is { } refusal)
            {
                if (itemized is null) return new(null, set, agency, refusal);
                refusals.Add(itemized(index++, refusal));
                continue;
            }
            index++;
            pending.AddRange(decision.Events);
            card = decision.Events.Aggregate(card, (c, e) => Scorecard.Evolve(c, e)!);
        }
        if (refusals.Count > 0) return new(null, set, agency, refusals[0], Refusals: refusals);

        var version = (stream.CurrentVersion ?? 0) + pending.Count;
        stream.AppendMany(pending.ToArray());
        LedgerClock.Knows(session, card, set!);
        return new(card, set, agency, null, version);
    }

    /// <summary>One command from an endpoint (honouring its <c>If-Match</c>): the scorecard after it with its ETag, or problem details.</summary>
    public static async Task<IResult> ExecuteAsync(IDocumentSession session, int year, string agencyCode, ScorecardStep step, HttpContext http)
    {
        var (expected, badHeader) = Versions.Expected(http);
        if (badHeader is not null) return Problems.For(badHeader);
        var outcome = await ApplyAsync(session, year, agencyCode, [step], expectedVersion: expected);
        return Answer(outcome, http);
    }

    /// <summary>A batch against one scorecard (honouring its <c>If-Match</c>): every item decided, all appended in one commit or none.</summary>
    public static async Task<IResult> ExecuteBatchAsync(IDocumentSession session, int year, string agencyCode, IReadOnlyList<ScorecardStep> steps, HttpContext http,
        Func<int, Refusal, Refusal> itemized)
    {
        var (expected, badHeader) = Versions.Expected(http);
        if (badHeader is not null) return Problems.For(badHeader);
        var outcome = await PrepareAsync(session, year, agencyCode, steps, expectedVersion: expected, itemized: itemized);
        if (outcome.Refusal is null) await session.SaveChangesAsync();
        return Answer(outcome, http);
    }

    public static IResult Answer(Outcome outcome, HttpContext http)
    {
        if (outcome.Refusals is { Count: > 0 } all) return Problems.ForAll(all);
        if (outcome.Refusal is { } refusal) return Problems.For(refusal);
        Versions.Tag(http, outcome.Version);
        return Results.Ok(ScorecardView.Of(outcome.Card!, outcome.Set!, outcome.Agency));
    }
}
