using CchcLedger.Api.Agencies;
using CchcLedger.Api.Criteria;
using CchcLedger.Api.Hosting;
using CchcLedger.Api.Scorecards;
using CchcLedger.Domain;
using CchcLedger.Domain.Agencies;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using Marten;

namespace CchcLedger.Api.Demo;

public sealed record DemoReport(int AgenciesRegistered, int CriteriaSetsAdopted, int ScorecardsLoaded, int Skipped)
{
    public override string ToString() =>
        $"{AgenciesRegistered} agencies registered, {CriteriaSetsAdopted} criteria sets adopted, {ScorecardsLoaded} scorecards loaded, {Skipped} items already present";
}

/// <summary>
/// Loads the demo through the same code paths as the HTTP commands (register, draft, adopt, and the scorecard
/// decisions), each phase recorded by the ledger's system principal named for the actor who would do it in practice. Whatever is already in the ledger is
/// skipped, so loading twice adds nothing.
/// </summary>
public static class DemoLoader
{
    public static async Task<DemoReport> LoadAsync(IDocumentStore store, DemoData demo, CancellationToken ct = default)
    {
        int agencies = 0, sets = 0, cards = 0, skipped = 0;
        var names = demo.Agencies.ToDictionary(a => a.Code!, a => a.Name!);

        await using (var acting = Session(store, demo.Actors.CriteriaAdmin))
        {
            var session = acting.Session;
            foreach (var agency in demo.Agencies)
            {
                if (await session.AgencyAsync(agency.Code!, ct) is not null) { skipped++; continue; }
                Ensure(await RegisterAgencyEndpoint.RegisterAsync(session, agency), $"agency {agency.Code}");
                agencies++;
            }

            foreach (var set in demo.CriteriaSets)
            {
                var existing = await session.CriteriaSetAsync(set.Id, ct);
                if (existing is { Adopted: true }) { skipped++; continue; }
                if (existing is null)
                    Ensure(await DraftCriteriaSetEndpoint.DraftAsync(session,
                        new DraftCriteriaSet(set.Id, set.Year, set.Block, set.Title, set.Areas, set.ClassBands, set.Rounding, set.TieRule)), $"criteria set {set.Id}");
                Ensure(await AdoptCriteriaSetEndpoint.AdoptAsync(session, set.Id, new AdoptCriteriaSet(set.AdoptionDecisionRef, "Áp dụng cho kỳ đánh giá năm 2017")), $"adoption of {set.Id}");
                sets++;
            }
        }

        foreach (var card in demo.Scorecards)
        {
            await using (var probe = store.QuerySession())
                if (await probe.ScorecardAsync(demo.Year, card.Agency, ct) is not null) { skipped++; continue; }

            var rules = demo.CriteriaSets.Single(s => s.Block == demo.Agencies.Single(a => a.Code == card.Agency).Block);
            var leaves = new CriteriaRules(rules.Areas, rules.ClassBands, rules.Rounding, rules.TieRule).Leaves().ToDictionary(l => l.Code);

            await Apply(store, $"{names[card.Agency]} – {demo.Actors.OfficerSuffix}", demo.Year, card.Agency,
                card.Self.Select(s => Step((c, r) => ScorecardDecisions.EnterSelfScore(c, r, SelfScore(s.Key, DemoData.ValueFor(leaves[s.Key], s.Value), card.Agency))))
                    .Append(ScorecardDecisions.Submit));

            await Apply(store, demo.Actors.Appraiser, demo.Year, card.Agency,
                card.Self.Keys.Select(code => Step((c, r) => ScorecardDecisions.RecordAppraisal(c, r, card.Appraisal.TryGetValue(code, out var a)
                    ? Appraisal(code, DemoData.ValueFor(leaves[code], a.Value), a.Note)
                    : new RecordAppraisal(code, Accept: true)))));

            await Apply(store, demo.Actors.Survey, demo.Year, card.Agency,
                card.Survey.Select(s => Step((c, r) => ScorecardDecisions.EnterSurveyPoints(c, r,
                    new EnterSurveyPoints(s.Key, s.Value, "Kết quả điều tra xã hội học năm 2017 (dữ liệu mẫu)")))));

            if (card.Adjustments.Count > 0)
                await Apply(store, demo.Actors.Council, demo.Year, card.Agency,
                    card.Adjustments.Select(a => Step((c, r) => ScorecardDecisions.AdjustPoints(c, r, Adjustment(a, leaves[a.Criterion])))));
            cards++;
        }
        return new DemoReport(agencies, sets, cards, skipped);
    }

    private static ScorecardStep Step(ScorecardStep step) => step;

    private static EnterSelfScore SelfScore(string code, Domain.Scoring.LeafValue v, string agency) =>
        new(code, v.Points, v.Numerator, v.Denominator, v.Count,
            [new EvidenceInput($"Tài liệu kiểm chứng tiêu chí {code}", $"{agency.ToUpperInvariant()}/2017/TC-{code}")]);

    private static RecordAppraisal Appraisal(string code, Domain.Scoring.LeafValue v, string note) =>
        new(code, null, v.Points, v.Numerator, v.Denominator, v.Count, note);

    private static AdjustPoints Adjustment(DemoAdjustment a, CriterionNode leaf)
    {
        var v = DemoData.ValueFor(leaf, a.Value);
        return new AdjustPoints(a.Criterion, v.Points, v.Numerator, v.Denominator, v.Count, a.Reason, a.DecisionRef);
    }

    private static async Task Apply(IDocumentStore store, string actor, int year, string agency, IEnumerable<ScorecardStep> steps)
    {
        await using var acting = Session(store, actor);
        var outcome = await ScorecardWrites.ApplyAsync(acting.Session, year, agency, steps);
        if (outcome.Refusal is { } refusal) throw new InvalidDataException($"The demo file is inconsistent at {agency}: {refusal.Field}: {refusal.Reason}");
    }

    /// <summary>A session whose events are recorded by the ledger's system principal, named for the actor it stands for.</summary>
    private static ActingSession Session(IDocumentStore store, string actor)
    {
        var scope = CurrentActor.Use(new ActorInfo(actor, Roles.System, [], null));
        var session = store.LightweightSession();
        session.LastModifiedBy = actor;
        return new ActingSession(session, scope);
    }

    private sealed class ActingSession(IDocumentSession session, IDisposable scope) : IAsyncDisposable
    {
        public IDocumentSession Session => session;

        public async ValueTask DisposeAsync()
        {
            await session.DisposeAsync();
            scope.Dispose();
        }
    }

    private static void Ensure<T>((T?, Refusal?) result, string what)
    {
        if (result.Item2 is { } refusal) throw new InvalidDataException($"The demo file is inconsistent at {what}: {refusal.Field}: {refusal.Reason}");
    }
}
