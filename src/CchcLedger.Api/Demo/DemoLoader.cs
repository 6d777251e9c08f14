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
    public static Task<DemoReport> LoadAsync(IDocumentStore store, DemoData demo, CancellationToken ct = default) => LoadAsync(store, demo, null, ct);

    /// <param name="calendar">
    /// The clock of <paramref name="store"/> when the demo is told on its own calendar (<see cref="DemoStory"/>): each
    /// phase is then stamped with the story's dates. Phases run one after the other for all agencies, as a year does.
    /// </param>
    public static async Task<DemoReport> LoadAsync(IDocumentStore store, DemoData demo, DemoCalendar? calendar, CancellationToken ct = default)
    {
        int agencies = 0, sets = 0, skipped = 0;
        var names = demo.Agencies.ToDictionary(a => a.Code!, a => a.Name!);
        var story = calendar is null ? null : demo.Story;

        if (story is not null) calendar!.Set(story.Registration);
        await using (var acting = Session(store, demo.Actors.CriteriaAdmin))
        {
            var session = acting.Session;
            // Blocks are data: the demo's four are its own definitions, defined before anything names them.
            foreach (var block in demo.Blocks ?? [])
            {
                if (await session.LoadAsync<Domain.Blocks.Block>(Domain.Blocks.Block.StreamKey(block.Code!), ct) is not null) { skipped++; continue; }
                Ensure(await Blocks.DefineBlockEndpoint.DefineAsync(session, block), $"block {block.Code}");
            }
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
                Ensure(await AdoptCriteriaSetEndpoint.AdoptAsync(session, set.Id, new AdoptCriteriaSet(set.AdoptionDecisionRef, $"Áp dụng cho kỳ đánh giá năm {set.Year}")), $"adoption of {set.Id}");
                sets++;
            }
        }

        var cards = new List<DemoScorecard>();
        foreach (var card in demo.Scorecards)
        {
            await using var probe = store.QuerySession();
            if (await probe.ScorecardAsync(demo.Year, card.Agency, ct) is not null) skipped++; else cards.Add(card);
        }
        var leavesOf = demo.CriteriaSets.ToDictionary(s => s.Block, s => new CriteriaRules(s.Areas, s.ClassBands, s.Rounding, s.TieRule).Leaves().ToDictionary(l => l.Code));
        Dictionary<string, CriterionNode> Leaves(DemoScorecard card) => leavesOf[demo.Agencies.Single(a => a.Code == card.Agency).Block!];
        void At(DateTimeOffset? phase, int i) { if (phase is { } start) calendar!.Slot(start, i); }

        for (var i = 0; i < cards.Count; i++)
        {
            var card = cards[i];
            At(story?.SelfAssessment, i);
            await Apply(store, $"{names[card.Agency]} – {demo.Actors.OfficerSuffix}", demo.Year, card.Agency,
                card.Self.Select(s => Step((c, r) => ScorecardDecisions.EnterSelfScore(c, r, SelfScore(s.Key, DemoData.ValueFor(Leaves(card)[s.Key], s.Value), card.Agency, demo.Year))))
                    .Append(ScorecardDecisions.Submit));
        }
        for (var i = 0; i < cards.Count; i++)
        {
            var card = cards[i];
            At(story?.Appraisal, i);
            await Apply(store, demo.Actors.Appraiser, demo.Year, card.Agency,
                card.Self.Keys.Select(code => Step((c, r) => ScorecardDecisions.RecordAppraisal(c, r, card.Appraisal.TryGetValue(code, out var a)
                    ? Appraisal(code, DemoData.ValueFor(Leaves(card)[code], a.Value), a.Note)
                    : new RecordAppraisal(code, Accept: true)))));
        }
        for (var i = 0; i < cards.Count; i++)
        {
            var card = cards[i];
            At(story?.Survey, i);
            await Apply(store, demo.Actors.Survey, demo.Year, card.Agency,
                card.Survey.Select(s => Step((c, r) => ScorecardDecisions.EnterSurveyPoints(c, r,
                    new EnterSurveyPoints(s.Key, s.Value, $"Kết quả điều tra xã hội học năm {demo.Year} (dữ liệu mẫu)")))));
        }
        var adjusted = cards.Where(c => c.Adjustments.Count > 0).ToList();
        for (var i = 0; i < adjusted.Count; i++)
        {
            var card = adjusted[i];
            if (story is not null) calendar!.Set(story.Adjustments.AddMinutes(i * 10));
            await Apply(store, demo.Actors.Council, demo.Year, card.Agency,
                card.Adjustments.Select(a => Step((c, r) => ScorecardDecisions.AdjustPoints(c, r, Adjustment(a, Leaves(card)[a.Criterion])))));
        }
        return new DemoReport(agencies, sets, cards.Count, skipped);
    }

    private static ScorecardStep Step(ScorecardStep step) => step;

    private static EnterSelfScore SelfScore(string code, Domain.Scoring.LeafValue v, string agency, int year) =>
        new(code, v.Points, v.Numerator, v.Denominator, v.Count,
            [new EvidenceInput($"Tài liệu kiểm chứng tiêu chí {code}", $"{agency.ToUpperInvariant()}/{year}/TC-{code}")]);

    private static RecordAppraisal Appraisal(string code, Domain.Scoring.LeafValue v, string note) =>
        new(code, null, v.Points, v.Numerator, v.Denominator, v.Count, note);

    private static AdjustPoints Adjustment(DemoAdjustment a, CriterionNode leaf)
    {
        var v = DemoData.ValueFor(leaf, a.Value);
        return new AdjustPoints(a.Criterion, v.Points, v.Numerator, v.Denominator, v.Count, a.Reason, a.DecisionRef);
    }

    internal static async Task Apply(IDocumentStore store, string actor, int year, string agency, IEnumerable<ScorecardStep> steps)
    {
        await using var acting = Session(store, actor);
        var outcome = await ScorecardWrites.ApplyAsync(acting.Session, year, agency, steps);
        if (outcome.Refusal is { } refusal) throw new InvalidDataException($"The demo file is inconsistent at {agency}: {refusal.Field}: {refusal.Reason}");
    }

    /// <summary>A session whose events are recorded by the ledger's system principal, named for the actor it stands for.</summary>
    internal static ActingSession Session(IDocumentStore store, string actor)
    {
        var scope = CurrentActor.Use(new ActorInfo(actor, Roles.System, [], null));
        var session = store.LightweightSession();
        session.LastModifiedBy = actor;
        return new ActingSession(session, scope);
    }

    internal sealed class ActingSession(IDocumentSession session, IDisposable scope) : IAsyncDisposable
    {
        public IDocumentSession Session => session;

        public async ValueTask DisposeAsync()
        {
            await session.DisposeAsync();
            scope.Dispose();
        }
    }

    internal static void Ensure<T>((T?, Refusal?) result, string what)
    {
        if (result.Item2 is { } refusal) throw new InvalidDataException($"The demo file is inconsistent at {what}: {refusal.Field}: {refusal.Reason}");
    }
}
