using CchcLedger.Api.Rankings;
using CchcLedger.Api.Scorecards;
using CchcLedger.Domain;
using CchcLedger.Domain.Appeals;
using CchcLedger.Domain.Publications;
using CchcLedger.Domain.Scorecards;
using CchcLedger.Projections;
using JasperFx;
using Marten;

namespace CchcLedger.Api.Demo;

/// <summary>
/// The demo told as its year ran, on the invented calendar of each demo file: registration and criteria sets,
/// self-assessments, appraisal, survey, adjustments, preliminary results, the agencies' appeals and the council's
/// decisions, and the publication of each block by decision. The published results are the article's: the
/// article reports official results, so the demo publishes them, and its pages show official results, a
/// publication with its digest, and every milestone of the year at the dates it is dated with.
/// The ledger's recorded instants never go backwards, so the calendar can be kept only on an empty ledger;
/// <see cref="TellAsync"/> does nothing on any other.
/// </summary>
public static class DemoStory
{
    /// <summary>The demo years, oldest first: every <c>Demo/lang-son-*.json</c> beside the program.</summary>
    public static IReadOnlyList<DemoData> Years(string? folder = null) =>
        Directory.GetFiles(folder ?? Path.GetDirectoryName(DemoData.DefaultPath())!, "lang-son-*.json")
            .Select(DemoData.Read).OrderBy(d => d.Year).ToList();

    /// <returns>What was loaded of each year, or null when the ledger was not empty (nothing was written).</returns>
    /// <param name="macKey">The application's event MAC key: the story is written by the application, like any other write.</param>
    public static async Task<IReadOnlyList<DemoReport>?> TellAsync(string connectionString, IReadOnlyList<DemoData> years, byte[]? macKey, CancellationToken ct = default)
    {
        // The calendar dates what the story records: its decisions take "now" from it, and every commit takes effect at
        // its instant (the effective time); the ledger still records each commit at its own, real, instant.
        var calendar = new DemoCalendar();
        using var store = DocumentStore.For(o =>
        {
            LedgerStore.Configure(o, connectionString, calendar, macKey, effective: calendar);
            o.AutoCreateSchemaObjects = AutoCreate.None;
        });
        await using (var probe = store.QuerySession())
            if (await probe.Events.QueryAllRawEvents().AnyAsync(ct)) return null;

        var reports = new List<DemoReport>();
        foreach (var demo in years)
        {
            reports.Add(await DemoLoader.LoadAsync(store, demo, calendar, ct));
            if (demo.Story is { } story) await AfterTheScoresAsync(store, calendar, demo, story, ct);
        }
        return reports;
    }

    private static async Task AfterTheScoresAsync(IDocumentStore store, DemoCalendar calendar, DemoData demo, DemoStoryline story, CancellationToken ct)
    {
        var blocks = demo.CriteriaSets.Select(s => s.Block).Distinct().ToList();
        var names = demo.Agencies.ToDictionary(a => a.Code!, a => a.Name!);

        calendar.Set(story.Preliminary);
        foreach (var block in blocks)
        {
            await using var acting = DemoLoader.Session(store, demo.Actors.Appraiser);
            var session = acting.Session;
            var stream = await session.Events.FetchForWriting<ResultsRound>(ResultsRound.StreamKey(demo.Year, block), ct);
            var decision = ResultsRoundDecisions.IssuePreliminary(stream.Aggregate, demo.Year, block, await session.AdoptedSetAsync(demo.Year, block),
                new IssuePreliminaryResults(AppealWindowDays: story.AppealWindowDays), calendar.GetUtcNow());
            stream.AppendMany(Accepted(decision, $"preliminary results of {block}").ToArray());
            await session.SaveChangesAsync(ct);
        }

        // Filings and closings in the order of their dates; an appeal's id is known once it is filed.
        var ids = new Dictionary<DemoAppeal, string>();
        var steps = story.Appeals.Select(a => (At: a.Filed, Appeal: a, Filing: true))
            .Concat(story.Appeals.Select(a => (At: a.Closed, Appeal: a, Filing: false)))
            .OrderBy(s => s.At);
        foreach (var (at, appeal, filing) in steps)
        {
            calendar.Set(at);
            var actor = filing || appeal.WithdrawalReason is not null ? $"{names[appeal.Agency]} – {demo.Actors.OfficerSuffix}" : demo.Actors.Council;
            await using var acting = DemoLoader.Session(store, actor);
            ScorecardStep step;
            if (filing)
            {
                var card = await acting.Session.ScorecardAsync(demo.Year, appeal.Agency, ct);
                var round = await acting.Session.LoadAsync<ResultsRound>(ResultsRound.StreamKey(demo.Year, card!.Block), ct);
                var now = calendar.GetUtcNow();
                step = (c, rules) => AppealDecisions.File(c, rules, round, new FileAppeal(appeal.Criterion, appeal.RequestedPoints, appeal.Argument,
                    [new EvidenceInput($"Hồ sơ kiến nghị tiêu chí {appeal.Criterion}", $"{appeal.Agency.ToUpperInvariant()}/{demo.Year}/KN-{appeal.Criterion}")]), now);
            }
            else if (appeal.WithdrawalReason is { } reason)
                step = (c, _) => AppealDecisions.Withdraw(c, ids[appeal], new WithdrawAppeal(reason));
            else
                step = (c, _) => AppealDecisions.Decide(c, ids[appeal], new DecideAppeal(appeal.Outcome, null, appeal.Reason, appeal.DecisionRef,
                    appeal.MembersPresent, appeal.VotesFor, appeal.VotesAgainst));
            var outcome = await ScorecardWrites.ApplyAsync(acting.Session, demo.Year, appeal.Agency, [step], openIfMissing: false);
            if (outcome.Refusal is { } refusal) throw new InvalidDataException($"The demo's appeal of {appeal.Agency} on {appeal.Criterion}: {refusal.Field}: {refusal.Reason}");
            if (filing) ids[appeal] = outcome.Card!.Appeals!.Values.Last(a => a.Criterion == appeal.Criterion && a.State == AppealStates.Open).Id;
        }

        for (var i = 0; i < blocks.Count; i++)
        {
            calendar.Set(story.Publication.AddMinutes(i * 15));
            await using var acting = DemoLoader.Session(store, demo.Actors.Appraiser);
            var (_, refusal) = await PublishRankingEndpoint.PublishAsync(acting.Session, calendar, demo.Year, blocks[i],
                new PublishRanking(story.PublicationDecisions[blocks[i]]), ct: ct);
            if (refusal is not null) throw new InvalidDataException($"The demo's publication of {blocks[i]}: {refusal.Field}: {refusal.Reason}");
        }
    }

    private static IReadOnlyList<object> Accepted(Decision decision, string what) =>
        decision.Refusal is { } refusal ? throw new InvalidDataException($"The demo's {what}: {refusal.Field}: {refusal.Reason}") : decision.Events;
}
