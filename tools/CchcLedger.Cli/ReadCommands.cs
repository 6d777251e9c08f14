using System.CommandLine;
using CchcLedger.Api;
using CchcLedger.Api.Rankings;
using CchcLedger.Api.Scorecards;
using CchcLedger.Domain;
using CchcLedger.Projections;
using Microsoft.Extensions.Logging;

namespace CchcLedger.Cli;

/// <summary><c>cchc ranking | derive | explain | compare</c>: the ledger's reads, now or as of an instant, straight from the database.</summary>
internal static class ReadCommands
{
    private static readonly Option<int> Year = new("--year") { Description = "The scoring year", Required = true };
    private static readonly Option<string?> Block = new("--block") { Description = "A block: departments, districts, communes or special-units" };
    private static readonly Option<string?> Agency = new("--agency") { Description = "An agency code, such as huu-lung" };
    private static readonly Option<DateTimeOffset?> AsOf = new("--as-of") { Description = "An instant (ISO 8601): the view as the ledger had recorded it then" };
    private static readonly Option<DateTimeOffset?> From = new("--from") { Description = "The instant to explain from (exclusive)" };
    private static readonly Option<DateTimeOffset?> To = new("--to") { Description = "The instant to explain up to (inclusive)" };
    private static readonly Option<int?> With = new("--with") { Description = "The year to compare with" };
    private static readonly Option<string?> State = new("--state") { Description = "An appeal state: open, withdrawn, upheld, partlyUpheld or rejected" };
    internal static readonly Option<bool> AsJson = new("--json") { Description = "Print JSON instead of a table" };

    public static IEnumerable<Command> Build()
    {
        yield return Read("ranking", "A block's ranking, or every block of the year, now or --as-of an instant", [Year, Block, AsOf], Ranking);
        yield return Read("derive", "How every point of an agency's scorecard came to be", [Year, Agency, AsOf], Derive);
        yield return Read("explain", "What changed between --from and --to, for an --agency or a --block", [Year, Agency, Block, From, To], ExplainChange);
        yield return Read("compare", "An agency's year against another (--with), per area", [Year, Agency, With], Compare);
        yield return Read("appeals", "A year's appeals, by --block, --agency and --state", [Year, Block, Agency, State], Appeals);
    }

    private static Command Read(string name, string description, Option[] options, Func<ParseResult, Marten.IQuerySession, CancellationToken, Task<int>> run) =>
        OnLedger(name, description, [.. options, AsJson], async (parse, store, ct) =>
        {
            await using var session = store.QuerySession();
            return await run(parse, session, ct);
        });

    /// <summary>A command that works on the ledger's database: opened (and the local cluster started) before it runs, closed after.</summary>
    internal static Command OnLedger(string name, string description, Option[] options, Func<ParseResult, Marten.DocumentStore, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, description);
        foreach (var option in options) command.Options.Add(option);
        LedgerConnection.AddOptions(command);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                await using var ledger = await LedgerConnection.OpenAsync(parse, CliOptions.Logs.CreateLogger("cchc"), ct);
                return await run(parse, ledger.Store, ct);
            }
            catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException)
            {
                Console.Error.WriteLine($"cchc {name}: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    internal static int Refused(Refusal refusal)
    {
        Console.Error.WriteLine($"{refusal.Field}: {refusal.Reason}");
        return refusal.Kind == RefusalKind.NotFound ? 1 : 2;
    }

    private static async Task<int> Ranking(ParseResult parse, Marten.IQuerySession session, CancellationToken ct)
    {
        var asOf = parse.GetValue(AsOf);
        if (History.Check(asOf, TimeProvider.System) is { } future) return Refused(future);
        Cut? cut = asOf is { } t ? new Cut(t) : null;
        var year = parse.GetValue(Year);

        IReadOnlyList<BlockRanking> blocks;
        if (parse.GetValue(Block) is { } block)
        {
            if ((await session.BlocksAsync(ct)).RefuseUnlessDefined("block", block) is { } badBlock) return Refused(badBlock);
            blocks = await BlockRanking.LoadAsync(session, year, block, cut, ct) is { } one ? [one] : [];
        }
        else blocks = (await YearRankings.LoadAsync(session, year, cut, ct))?.Blocks ?? [];
        if (blocks.Count == 0) return Refused(Refusal.NotFound("year", $"no criteria set {(cut is null ? "is" : "had been")} adopted for {year}{(cut is null ? "" : $" as of {Output.At(asOf)}")}"));

        if (parse.GetValue(AsJson)) { Output.WriteJson(blocks.Count == 1 ? blocks[0] : blocks); return 0; }
        foreach (var b in blocks)
        {
            Console.WriteLine($"{b.BlockName} — {year}, as of {Output.At(b.AsOf)} — criteria set {b.CriteriaSet.Id} v{b.CriteriaSet.Version}");
            Output.Table(["#", "agency", "name", "total", "index", "class"],
                b.Entries.Select(e => (IReadOnlyList<string>)[e.Rank.ToString(), e.Agency, e.Name, Output.N(e.Total), Output.N(e.Index), e.Classification]), 0, 3, 4);
            Console.WriteLine(string.Join(", ", b.Classes.Select(c => $"{c.Classification}: {c.Count}")));
            Console.WriteLine();
        }
        return 0;
    }

    private static async Task<int> Derive(ParseResult parse, Marten.IQuerySession session, CancellationToken ct)
    {
        var asOf = parse.GetValue(AsOf);
        if (History.Check(asOf, TimeProvider.System) is { } future) return Refused(future);
        if (parse.GetValue(Agency) is not { } agency) return Refused(Refusal.Invalid("agency", "is required"));
        var (view, refusal) = await DerivationView.LoadAsync(session, parse.GetValue(Year), agency, asOf is { } t ? new Cut(t) : null, ct);
        if (refusal is not null) return Refused(refusal);
        if (parse.GetValue(AsJson)) { Output.WriteJson(view!); return 0; }

        Console.WriteLine($"{view!.Name} — {view.Year}, as of {Output.At(view.AsOf)} — criteria set {view.CriteriaSet.Id} v{view.CriteriaSet.Version}");
        Output.Table(["leaf", "#seq", "recorded", "by", "kind", "points", "change", "final", "why / decision"],
            view.Leaves.SelectMany(l => l.Steps.Select(s => (IReadOnlyList<string>)[l.Code, s.Sequence.ToString(), Output.At(s.RecordedAt), s.RecordedBy ?? "",
                s.Kind, Output.N(s.Points), Output.Signed(s.Change), Output.N(s.FinalAfter), string.Join(" · ", new[] { s.Reason, s.DecisionRef, s.Explanation }.Where(x => x is not null))])), 1, 5, 6, 7);
        Console.WriteLine();
        Output.Table(["node", "title", "children", "max", "points"],
            view.Nodes.Select(n => (IReadOnlyList<string>)[n.Code, n.Title, Output.N(n.ChildrenSum), Output.N(n.Max), Output.N(n.Points) + (n.Capped ? " (capped)" : "")]), 2, 3);
        Console.WriteLine($"total {Output.N(view.Total)} / {Output.N(view.MaxPoints)}, index {Output.N(view.Index)}, {view.Classification}");
        return 0;
    }

    private static async Task<int> ExplainChange(ParseResult parse, Marten.IQuerySession session, CancellationToken ct)
    {
        var (from, to) = (parse.GetValue(From), parse.GetValue(To));
        if (Api.Explain.CheckPeriod(from, to, TimeProvider.System) is { } bad) return Refused(bad);
        var year = parse.GetValue(Year);
        if (parse.GetValue(Agency) is { } agency)
        {
            var (view, refusal) = await ScorecardExplanation.LoadAsync(session, year, agency, new Cut(from!.Value), new Cut(to!.Value), ct);
            if (refusal is not null) return Refused(refusal);
            if (parse.GetValue(AsJson)) { Output.WriteJson(view!); return 0; }
            Console.WriteLine($"{view!.Name} — {year}: {Describe(view.From)} → {Describe(view.To)}");
            Events(view.Events);
            return 0;
        }
        if (parse.GetValue(Block) is not { } block) return Refused(Refusal.Invalid("agency", "give --agency or --block"));
        var (ranking, rankingRefusal) = await RankingExplanation.LoadAsync(session, year, block, new Cut(from!.Value), new Cut(to!.Value), ct);
        if (rankingRefusal is not null) return Refused(rankingRefusal);
        if (parse.GetValue(AsJson)) { Output.WriteJson(ranking!); return 0; }
        Console.WriteLine($"{block} {year}: {Output.At(from)} → {Output.At(to)}: {ranking!.Changes.Count} agencies changed");
        foreach (var change in ranking.Changes)
        {
            Console.WriteLine($"\n{change.Name} ({change.Cause}): {Describe(change.From)} → {Describe(change.To)}");
            if (change.Events.Count > 0) Events(change.Events);
        }
        return 0;
    }

    private static string Describe(Standing s) =>
        s.Total is null ? "no scorecard" : $"{Output.N(s.Total)} ({s.Classification}, rank {s.Rank})";

    private static void Events(IReadOnlyList<Domain.Scoring.ExplainedEvent> events) =>
        Output.Table(["#seq", "recorded", "by", "kind", "leaf", "leaf change", "total", "why / decision"],
            events.Select(e => (IReadOnlyList<string>)[e.Sequence.ToString(), Output.At(e.RecordedAt), e.RecordedBy ?? "", e.Kind, e.Criterion ?? "",
                Output.Signed(e.LeafChange), Output.N(e.RunningTotal), string.Join(" · ", new[] { e.Reason, e.DecisionRef }.Where(x => x is not null))]), 0, 5, 6);

    private static async Task<int> Appeals(ParseResult parse, Marten.IQuerySession session, CancellationToken ct)
    {
        var appeals = await Api.Appeals.AppealDetail.ListAsync(session, parse.GetValue(Year), parse.GetValue(Block), parse.GetValue(Agency), parse.GetValue(State), ct);
        if (parse.GetValue(AsJson)) { Output.WriteJson(appeals); return 0; }
        Output.Table(["appeal", "agency", "leaf", "round", "from", "asked", "state", "decided", "decision", "filed"],
            appeals.Select(a => (IReadOnlyList<string>)[a.Id, a.Agency, a.Criterion, a.Round.ToString(), Output.N(a.CurrentPoints), Output.N(a.RequestedPoints),
                a.State, Output.N(a.DecidedPoints), a.DecisionRef ?? "", Output.At(a.FiledAt)]), 3, 4, 5, 7);
        Console.WriteLine($"{appeals.Count} appeals");
        return 0;
    }

    private static async Task<int> Compare(ParseResult parse, Marten.IQuerySession session, CancellationToken ct)
    {
        if (parse.GetValue(Agency) is not { } agency) return Refused(Refusal.Invalid("agency", "is required"));
        if (parse.GetValue(With) is not { } other) return Refused(Refusal.Invalid("with", "is required: the year to compare with"));
        var (view, refusal) = await YearComparison.LoadAsync(session, parse.GetValue(Year), agency, other, ct);
        if (refusal is not null) return Refused(refusal);
        if (parse.GetValue(AsJson)) { Output.WriteJson(view!); return 0; }

        var (a, b) = (view!.This, view.Other);
        Console.WriteLine($"{view.Name}: {a.Year} against {b.Year}");
        Output.Table(["", a.Year.ToString(), b.Year.ToString(), "change"],
        [
            ["total", Output.N(a.Total), Output.N(b.Total), Output.Signed(view.TotalChange)],
            ["index", Output.N(a.Index), Output.N(b.Index), Output.Signed(a.Index - b.Index)],
            ["class", a.Classification, b.Classification, ""],
            ["rank", $"{a.Rank}/{a.RankedAgencies}", $"{b.Rank}/{b.RankedAgencies}", Output.Signed(view.RankChange)],
        ], 1, 2, 3);
        Console.WriteLine();
        Output.Table(["area", "title", a.Year.ToString(), b.Year.ToString(), "change"],
            view.Areas.Select(x => (IReadOnlyList<string>)[x.Code, x.Title ?? x.OtherTitle ?? "",
                x.Points is null ? "(none)" : $"{Output.N(x.Points)}/{Output.N(x.Max)}", x.OtherPoints is null ? "(none)" : $"{Output.N(x.OtherPoints)}/{Output.N(x.OtherMax)}", Output.Signed(x.Change)]), 2, 3, 4);
        return 0;
    }
}
